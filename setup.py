"""Where setuptools finds jindu's code and the templates it renders with.

The templates stay in site_templates/ in the source tree and ship inside the wheel as the
package `jindu.site_templates`, so every command finds them through the package (both in an
installed wheel and in an editable install) and never through the source tree.
Everything else is in pyproject.toml.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages("generator"), "jindu.site_templates"],
    package_dir={"": "generator", "jindu.site_templates": "site_templates"},
)
