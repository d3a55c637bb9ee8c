"""Django's static files app, shipping only what the pages load."""

from django.contrib.staticfiles.apps import StaticFilesConfig as DjangoStaticFilesConfig


class StaticFilesConfig(DjangoStaticFilesConfig):
    """`collectstatic` leaves out the parts of DKFDS's `dist` that no page loads: its Sass sources, the
    borger.dk and virk.dk themes, the unminified copies, the split and OpenType fonts, and the font weights
    no rule uses.

    The pages load `dkfds.min.css` and `dkfds.min.js` (templates/base.html); the stylesheet references
    its source map, fonts in `complete/` (eot, ttf, woff, woff2) and icons in `img/`, and the hashed
    storage fails `collectstatic` if any of them is missing, which the production-settings test runs.
    Left out, WhiteNoise has about half the files to compress, and a deploy half the bytes to copy.
    Development and the tests serve from the finders, which ignore these patterns."""

    ignore_patterns = [
        *DjangoStaticFilesConfig.ignore_patterns,
        "scss",
        "split",
        "otf",
        "dkfds-borgerdk*",
        "dkfds-virkdk*",
        "dkfds.css",
        "dkfds.js",
        # the font weights the stylesheet does not use
        "IBMPlexSans-Thin*",
        "IBMPlexSans-ExtraLight*",
        "IBMPlexSans-Light*",
        "IBMPlexSans-Text*",
    ]
