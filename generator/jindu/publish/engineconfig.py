"""Engine configuration: the office's mkdocs.yml, as the configuration jindu hands an engine.

`read_config` reads a MkDocs configuration the way MkDocs does — `INHERIT` resolved, mappings
merged and everything else replaced by the child — but keeps the values it cannot evaluate
(`!!python/name:…`, `!ENV`) as they are written, so the configuration written back means what
the office wrote. `derive` makes the edition's configuration: the docs and site folders inside
the staging folder, the theme's `custom_dir` the merged overrides, jindu's plugin entry
removed (jindu has already rendered everything), jindu's stylesheet, scripts and theme words
added. The engine reads one flat file: Zensical merges INHERIT's lists by appending, MkDocs by
replacing, so an inherited configuration is never handed to an engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jindu.site.theme import SCRIPTS, STYLESHEETS, theme_extra
from jindu.words.labels import LANGS
from jindu.words.locale import PRIMARY


class EngineConfigError(ValueError):
    """The site configuration cannot be read or used."""


@dataclass(frozen=True)
class Tagged:
    """A value written with a YAML tag jindu does not evaluate: kept and written back as is."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _tagged(loader: _Loader, suffix: str, node: yaml.Node, prefix: str = "!") -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    return Tagged(prefix + suffix, value)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor(
    "tag:yaml.org,2002:python/",
    lambda loader, suffix, node: _tagged(loader, suffix, node, "tag:yaml.org,2002:python/"),
)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: _Dumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _represent_tagged)


def _merge(parent: dict, child: dict) -> dict:
    """MkDocs' INHERIT: mappings merged key by key, any other value replaced by the child's."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_config(path: Path, _seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """The configuration at `path`, INHERIT resolved (a chain of files, each at most once)."""
    path = path.resolve()
    if path in _seen:
        raise EngineConfigError(f"{path.name}: INHERIT loops back to {path.name}")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except OSError as error:
        raise EngineConfigError(f"{path.name}: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise EngineConfigError(f"{path.name}: not valid YAML: {error}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise EngineConfigError(f"{path.name}: the site configuration must be a mapping")
    _refuse_relative(data, path.name)
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise EngineConfigError(f"{path.name}: INHERIT must name a file")
    return _merge(read_config(path.parent / parent, (*_seen, path)), data)


def _refuse_relative(value: Any, name: str) -> None:
    """`!relative` paths mean a folder relative to the file MkDocs is reading, which the file
    jindu hands the engine is not: refused, with the fix."""
    if isinstance(value, Tagged):
        if value.tag == "!relative":
            raise EngineConfigError(
                f"{name}: `!relative` is not supported by `jindu site`; write the path relative to {name}'s folder"
            )
        _refuse_relative(value.value, name)
    elif isinstance(value, dict):
        for item in value.values():
            _refuse_relative(item, name)
    elif isinstance(value, list):
        for item in value:
            _refuse_relative(item, name)


def edition_lang(config: dict[str, Any]) -> str:
    """The edition's language: the jindu plugin's `lang`, else the theme's language, else zh."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("jindu"), dict):
            lang = entry["jindu"].get("lang")
            if lang in LANGS:
                return lang
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    code = language.split("-")[0].lower() if isinstance(language, str) else ""
    return code if code in LANGS else PRIMARY


def _without_jindu(plugins: Any) -> list:
    entries = plugins if isinstance(plugins, list) else [plugins] if plugins else []
    return [e for e in entries if e != "jindu" and not (isinstance(e, dict) and "jindu" in e)]


def derive(
    config: dict[str, Any],
    *,
    lang: str,
    as_of: dt.date,
    site_url: str | None,
    docs: str = "docs",
    site: str = "site",
    overrides: str = "overrides",
    generated: Iterable[str] = (),
) -> dict[str, Any]:
    """The configuration an engine builds the edition with (folders relative to the staging
    folder); `generated` are the pages jindu wrote, which no navigation lists."""
    if site_url and config.get("site_url") and str(config["site_url"]).rstrip("/") != site_url.rstrip("/"):
        raise EngineConfigError(
            f"site_url is {config['site_url']} in the site configuration but {site_url} in jindu.yml; "
            f"keep it in jindu.yml alone"
        )
    derived = dict(config)
    derived["docs_dir"] = docs
    derived["site_dir"] = site
    if site_url:
        derived["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    theme = config.get("theme") or {"name": "material"}
    theme = dict(theme) if isinstance(theme, dict) else {"name": theme}
    theme["custom_dir"] = overrides
    # Zensical's own look ("modern") restyles the header jindu's search box sits in; "classic" is
    # Material's, which jindu's partials are written for. MkDocs ignores the key.
    theme.setdefault("variant", "classic")
    derived["theme"] = theme
    derived["plugins"] = _without_jindu(config.get("plugins"))
    extra = dict(config.get("extra") or {})
    extra.update(theme_extra(lang, as_of))
    derived["extra"] = extra
    derived["extra_css"] = [
        *(config.get("extra_css") or []),
        *(s for s in STYLESHEETS if s not in (config.get("extra_css") or [])),
    ]
    scripts = config.get("extra_javascript") or []
    derived["extra_javascript"] = [*scripts, *(s for s in SCRIPTS if s not in scripts)]
    unlisted = not_in_nav(generated)
    if unlisted:
        # Otherwise MkDocs names every page outside the nav: 12,000 lines at 10,000 tasks.
        own = str(config.get("not_in_nav") or "").strip()
        derived["not_in_nav"] = "\n".join([*([own] if own else []), *unlisted]) + "\n"
    return derived


def not_in_nav(pages: Iterable[str]) -> list[str]:
    """The patterns (gitignore's, as MkDocs' `not_in_nav` reads them) of the folders and files
    at the top of the docs that hold `pages`."""
    return sorted({f"/{path.split('/', 1)[0]}/" if "/" in path else f"/{path}" for path in pages})


def write_config(config: dict[str, Any], path: Path) -> None:
    path.write_text(
        yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def custom_dir(config: dict[str, Any], root: Path) -> Path | None:
    """The office's own theme overrides folder (`theme: custom_dir:`), if any."""
    theme = config.get("theme")
    folder = theme.get("custom_dir") if isinstance(theme, dict) else None
    return (root / folder) if isinstance(folder, str) and folder else None


def docs_dir(config: dict[str, Any], root: Path) -> Path:
    folder = config.get("docs_dir", "docs")
    if not isinstance(folder, str):
        raise EngineConfigError("docs_dir must be a folder's path")
    return root / folder


def uses_directory_urls(config: dict[str, Any]) -> bool:
    return config.get("use_directory_urls", True) is not False
