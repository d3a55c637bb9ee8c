"""The course as a PDF: rendered from a print template with WeasyPrint, never with a CPR number."""

from django.template.loader import render_to_string

# why: the stylesheet lives here, not in the template, so no template carries inline CSS (the CSP)
PDF_CSS = """
@page {
  size: A4;
  margin: 18mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; }
}
body { font-family: "IBM Plex Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #1a1a1a; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 12pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3pt 4pt; border-bottom: 1px solid #ddd; }
th { font-weight: 600; }
dl { margin: 0; }
dt { font-weight: 600; float: left; width: 35mm; clear: left; }
dd { margin: 0 0 2pt 37mm; }
.muted { color: #555; }
.prewrap { white-space: pre-wrap; }
"""


def render_course_pdf(request, course, limits) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string("courses/course_pdf.html", {"course": course, "limits": limits}, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[CSS(string=PDF_CSS)]
    )
