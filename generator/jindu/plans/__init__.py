"""Plans: the plan format and everything that reads it, from bytes to a checked Portfolio.

`loader` turns YAML bytes into data with a mark (file, line, column) for every value;
`model` is the one declarative description of the format (pydantic), from which
`validation` builds frozen objects and `schema` the JSON Schema and reference;
`periods` is the period grammar; `index` walks a plan's hierarchy; `portfolio` holds the
validated documents; `loading` finds files (refusing links that leave the folder) and runs
load → validate → `checks` (cross-object rules); `stats` counts what a portfolio holds.
"""
