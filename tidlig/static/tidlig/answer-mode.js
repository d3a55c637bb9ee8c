// Answer mode: each scale item is a number field, empty until the family answers. With JavaScript a slider
// stands in for it: the slider starts in the middle but is no answer until it is moved, tapped or set
// with the keyboard; then it writes its value into the number field, shows it, and gives it to screen
// readers (aria-valuetext). Without JavaScript the number fields are the form. An empty field is sent
// empty, and the server names every item that has no answer.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[type=range][data-answer-for]").forEach(function (slider) {
    var field = document.getElementById(slider.dataset.answerFor);
    var output = document.getElementById(slider.dataset.answerOutput);
    var item = slider.closest(".answer-item");
    if (!field || !output || !item) {
      return;
    }
    item.querySelectorAll("[data-answer-slider]").forEach(function (part) {
      part.hidden = false;
    });
    item.querySelectorAll("[data-answer-number]").forEach(function (part) {
      part.hidden = true;
    });
    var pattern = slider.dataset.answerValuetext || "%s";
    var show = function () {
      var answered = field.value !== "";
      var text = answered ? String(field.value).replace(".", ",") : slider.dataset.answerEmpty;
      output.textContent = text;
      slider.setAttribute("aria-valuetext", answered ? pattern.replace("%s", text) : text);
      slider.classList.toggle("answer-range-untouched", !answered);
    };
    var answer = function () {
      field.value = slider.value;
      show();
    };
    if (field.value !== "") {
      slider.value = field.value;
    }
    slider.addEventListener("input", answer);
    slider.addEventListener("change", answer);
    slider.addEventListener("click", answer);
    show();
  });
});
