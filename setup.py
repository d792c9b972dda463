"""Where setuptools finds jindu's code and the templates it renders with.

The templates stay in site_templates/ in the source tree and ship inside the wheel as the
package `jindu.site_templates`, so every command finds them through the package (both in an
installed wheel and in an editable install) and never through the source tree. Each of its
folders is listed as a package of data files, which is how setuptools wants data folders
named (otherwise it warns once per folder that it would be ignored).
Everything else is in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

TEMPLATES = "jindu.site_templates"
folders = [name for name in find_namespace_packages("site_templates") if "__pycache__" not in name]
setup(
    packages=[*find_packages("generator"), TEMPLATES, *(f"{TEMPLATES}.{name}" for name in folders)],
    package_dir={"": "generator", TEMPLATES: "site_templates"},
    package_data={"jindu": ["py.typed"], **{f"{TEMPLATES}.{name}": ["*"] for name in folders}},
)
