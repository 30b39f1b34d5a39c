"""The living documentation: a static site built from the feature files and the runs.

``recorder`` is a behave formatter that writes what one run proved, scenario by
scenario; ``site`` reads the features with behave's own parser, joins each scenario to
its results in every driver mode, and renders the pages with Jinja2.
"""
