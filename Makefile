# jindu — two commands do all the set-up on a fresh Debian 12 machine:
#   make site   installs what is missing, checks plans/ and builds site/
#   make test   installs what is missing and runs the test suite
# CI runs the same targets (.github/workflows/, .gitlab-ci.yml); docs/how-to/publish.md.
PYTHON ?= python3
ROOT   := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSSTAMP := $(VENV)/.system-deps
TESTSYSSTAMP := $(VENV)/.system-deps-test
PLANS  ?= plans
SITE   ?= site
# For the CI targets: the revision a change is compared with, and where reports go.
BASE    ?= merge-base
SUMMARY ?= $(or $(GITHUB_STEP_SUMMARY),/dev/null)
FORMAT  ?= github
REPORT  ?= /dev/stdout

.PHONY: site serve test lint check setup test-setup schema goldens lock dist release ci-release manual clean ci-check ci-diff build-env publish ci-issue ci-issue-pr ci-remind ci-inbox ci-inbox-pr ci-inbox-mr ci-deliver

setup: $(STAMP) $(SYSSTAMP)

$(SYSSTAMP):
	bash $(ROOT)/scripts/system-deps.sh
	@mkdir -p $(VENV) && touch $@

$(TESTSYSSTAMP):
	bash $(ROOT)/scripts/system-deps.sh --test
	@mkdir -p $(VENV) && touch $@

# Exact, hash-checked versions from requirements.lock, so the same commit builds the same bytes
# next month; then jindu itself, editable. `make lock` updates the lock file.
$(STAMP): $(ROOT)/pyproject.toml $(ROOT)/requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(ROOT)/requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e '$(ROOT)'
	@touch $@

# requirements.lock from pyproject.toml: the newest versions its ranges allow, with their hashes.
# pip-tools runs from its own environment, so it never changes the project's. Then
# requirements-site.lock (what `jindu[site]` needs at run time, for offices and `jindu new`):
# the same versions, taken from requirements.lock once the environment holds it.
LOCKVENV := $(ROOT)/.cache/lock-venv
lock:
	test -x $(LOCKVENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCKVENV) && $(LOCKVENV)/bin/pip install --quiet pip-tools)
	cd $(ROOT) && CUSTOM_COMPILE_COMMAND="make lock   (pip-compile --generate-hashes --allow-unsafe --extra site --extra test ... pyproject.toml)" \
		$(LOCKVENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --extra site --extra test --extra properdocs --extra zensical --strip-extras --upgrade -o requirements.lock pyproject.toml
	$(MAKE) setup
	$(BIN)/python $(ROOT)/scripts/site_lock.py

# The wheel and sdist of this version into DIST, the same bytes from the same commit, built from a
# copy of the files git knows, so nothing is written into the source tree (scripts/dist.py).
DIST ?= dist
dist: setup
	$(BIN)/python $(ROOT)/scripts/dist.py $(DIST)

# The release files in DIST: the wheel, the sdist, the site lock and SHA256SUMS. TAG (the release
# workflow's tag, from the environment) must name this version.
release: dist
	cp $(ROOT)/requirements-site.lock $(DIST)/
	set -eu; version=$$($(BIN)/python -c 'import jindu; print(jindu.__version__)'); \
	if [ -n "$${TAG:-}" ] && [ "$$TAG" != "v$$version" ]; then \
	  echo "the tag is $$TAG but generator/jindu/__init__.py says $$version" >&2; exit 1; fi; \
	cd $(DIST) && rm -f SHA256SUMS && sha256sum -- jindu-$$version* requirements-site.lock > SHA256SUMS

# Attach the release files to a GitHub release named by TAG (GH: the GitHub CLI).
ci-release:
	$(GH) release create "$$TAG" $(DIST)/jindu-* $(DIST)/requirements-site.lock $(DIST)/SHA256SUMS \
	  --title "jindu $$TAG" --notes "Upgrade notes: CHANGELOG.md, the section of this version."

# axe-core and the Nu HTML checker (vnu-jar) for the tests, at the versions
# tests/axe/package-lock.json pins.
AXE := $(ROOT)/tests/axe/node_modules/axe-core/axe.min.js
$(AXE): $(ROOT)/tests/axe/package-lock.json $(TESTSYSSTAMP)
	npm ci --prefix $(ROOT)/tests/axe --no-audit --no-fund --loglevel=error
	@touch $@

test-setup: setup $(TESTSYSSTAMP) $(AXE)

check: setup
	$(BIN)/jindu check --strict $(PLANS)

# JINDU_ENGINE=properdocs|zensical themes the site with another engine than jindu.yml's (the CI canary);
# PREVIEW=1 builds a preview that opens from disk and says in SUMMARY how to open it (pull requests).
site: check
	$(BIN)/jindu site --out $(SITE)$(if $(JINDU_ENGINE), --engine $(JINDU_ENGINE))$(if $(PREVIEW), --preview --summary $(SUMMARY))

# Live preview at http://127.0.0.1:8000/ (JINDU_AS_OF=2023-07-15 make serve for the seed plans'
# year): each save rewrites only the generated pages and files that changed (serve --dirty).
serve: setup
	$(BIN)/mkdocs serve --dirty

test: test-setup lint
	$(BIN)/python -m pytest

# ruff (lint and format) and mypy, configured in pyproject.toml; `make test` runs it first.
lint: test-setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Pull/merge request check: every error (FORMAT=github annotations, gitlab Code Quality JSON
# into REPORT), the whole report appended to SUMMARY, and a moved deadline or changed target
# without a `reason` refused, compared with BASE (a revision; merge-base: with the main branch).
ci-check: setup
	$(BIN)/jindu check --strict --format $(FORMAT) --summary $(SUMMARY) --base $(BASE) $(PLANS) > $(REPORT)

# What the change does to the plans (Markdown), appended to SUMMARY.
ci-diff: setup
	$(BIN)/jindu diff $(if $(filter merge-base,$(BASE)),,$(BASE)) --plans $(PLANS) >> $(SUMMARY)

# JINDU_AS_OF (today in Asia/Shanghai) and SOURCE_DATE_EPOCH (the last commit) for a
# scheduled build: appended to $GITHUB_ENV in GitHub Actions, printed elsewhere.
build-env: setup
	$(BIN)/jindu build-env >> $(or $(GITHUB_ENV),/dev/stdout)

# Issue one bulletin (the issue-bulletin workflow): ISSUE_PLAN, ISSUE_PERIOD, and optionally
# ISSUE_DATE and ISSUE_CORRECTION=true, read from the environment by the shell (never pasted
# into the recipe by make, so an input cannot become a command).
ci-issue: setup
	$(BIN)/jindu bulletin issue "$$ISSUE_PLAN" --period "$$ISSUE_PERIOD" --plans $(PLANS) \
	  $${ISSUE_DATE:+--date "$$ISSUE_DATE"} $$([ "$${ISSUE_CORRECTION:-}" = true ] && echo --correction)

# Commit issued/ on a new branch, push it and open a pull request (GH: the GitHub CLI).
GH ?= gh
ci-issue-pr:
	set -eu; branch="issue/$$ISSUE_PLAN-$$ISSUE_PERIOD-$${GITHUB_RUN_ID:-local}"; \
	git switch -c "$$branch"; git add issued/; \
	git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
	  commit -q -m "Issue the $$ISSUE_PERIOD bulletin of $$ISSUE_PLAN"; \
	$(GH) auth setup-git; git push -q origin "$$branch"; \
	$(GH) pr create --base main --head "$$branch" --title "印发简报 Issue bulletin: $$ISSUE_PLAN $$ISSUE_PERIOD" \
	  --body "Printed by jindu bulletin issue from $$(git rev-parse --short HEAD~1). Review the PDF, then merge."

# The day's reminders (催办; the remind workflow): one message per department and channel as
# jindu.yml says; the channels' secrets come from the environment (CI secrets), the digest goes
# to SUMMARY; DRY_RUN=1 prints the messages instead of sending them.
ci-remind: setup
	$(BIN)/jindu remind --summary $(SUMMARY)$(if $(DRY_RUN), --dry-run --format markdown) $(PLANS)

# The spreadsheet inbox (the inbox workflow): every filled 台账 workbook under inbox/ into a
# checked progress file, problems as annotations (FORMAT=github) and in SUMMARY.
ci-inbox: setup
	$(BIN)/jindu inbox --plans $(PLANS) --format $(if $(filter github,$(FORMAT)),github,text) --summary $(SUMMARY)

# Commit what the inbox took in on a new branch, push it and open a pull request (GH: the
# GitHub CLI); nothing to do when the inbox was empty.
ci-inbox-pr:
	set -eu; if [ -z "$$(git status --porcelain -- $(PLANS) inbox)" ]; then echo "jindu inbox: nothing taken in"; exit 0; fi; \
	branch="inbox/$${GITHUB_RUN_ID:-local}"; git switch -c "$$branch"; git add -A -- $(PLANS) inbox; \
	git -c user.name="github-actions[bot]" -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
	  commit -q -m "Progress reports from the 台账 inbox"; \
	$(GH) auth setup-git; git push -q origin "$$branch"; \
	$(GH) pr create --base main --head "$$branch" --title "台账报送 Progress reports from the inbox" \
	  --body "Taken in by jindu inbox from the workbooks in inbox/ (removed here); the check's report is in the workflow run's summary."

# The same on GitLab: the branch pushed with a merge request opened by git push options, as the
# project access token in JINDU_PUSH_TOKEN (expanded by the shell, so never echoed by make).
ci-inbox-mr:
	set -eu; if [ -z "$$(git status --porcelain -- $(PLANS) inbox)" ]; then echo "jindu inbox: nothing taken in"; exit 0; fi; \
	branch="inbox/$${CI_PIPELINE_ID:-local}"; git switch -c "$$branch"; git add -A -- $(PLANS) inbox; \
	git -c user.name="jindu inbox" -c user.email="jindu-inbox@invalid" commit -q -m "Progress reports from the 台账 inbox"; \
	git push -q -o merge_request.create -o merge_request.target="$${CI_DEFAULT_BRANCH:-main}" \
	  -o merge_request.title="台账报送 Progress reports from the inbox" -o merge_request.remove_source_branch \
	  "$${JINDU_PUSH_URL:-https://oauth2:$${JINDU_PUSH_TOKEN}@$${CI_SERVER_HOST}/$${CI_PROJECT_PATH}.git}" "$$branch"

# Deliver the bulletins a push to main issued (the deliver workflow and GitLab job): BEFORE is the
# commit before the push, read by the shell; each issued file goes to each channel once.
ci-deliver: setup
	@if [ -z "$${BEFORE:-}" ] || [ "$$BEFORE" = 0000000000000000000000000000000000000000 ]; then \
	  echo "jindu bulletin deliver: no earlier commit to compare with; nothing delivered"; \
	else $(BIN)/jindu bulletin deliver --since "$$BEFORE" --plans $(PLANS); fi

# Build, then copy site/ to DEST (a folder or user@host:/path) with rsync; files that are
# gone from the site are deleted there, and new files appear only once all are copied.
publish: site
	$(if $(DEST),,$(error DEST is not set: make publish DEST=user@host:/var/www/jindu/))
	rsync -a --delete --delay-updates $(SITE)/ $(DEST)

# Regenerate the committed JSON Schema and format reference from the model.
schema: setup
	$(BIN)/jindu schema --write

# Regenerate tests/golden/ (pages, chart specs, diagnostics of the hostile corpus); then read
# `git diff tests/golden`: every change there is a change users see.
goldens: setup
	$(BIN)/python tests/goldens.py --write

# jindu's own documentation (docs/, the manual) into site-manual/: never part of an office's site.
manual: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --config-file $(ROOT)/mkdocs.manual.yml --site-dir $(abspath site-manual)

clean:
	rm -rf site site-manual .cache
