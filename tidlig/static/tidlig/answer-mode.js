// Answer mode: shows each slider's value as it moves and gives it to screen readers (aria-valuetext).
// Without JavaScript the sliders still submit their value; the numbers under each slider guide the eye.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[type=range][data-answer-output]").forEach(function (slider) {
    var output = document.getElementById(slider.dataset.answerOutput);
    if (!output) {
      return;
    }
    var row = output.closest("[data-answer-value-row]");
    if (row) {
      row.hidden = false;
    }
    var pattern = slider.dataset.answerValuetext || "%s";
    var update = function () {
      var text = String(slider.value).replace(".", ",");
      output.textContent = text;
      slider.setAttribute("aria-valuetext", pattern.replace("%s", text));
    };
    slider.addEventListener("input", update);
    update();
  });
});
