# The course's everyday commands. `make run` and `make test` are all a new
# machine with the Swift 6 toolchain on Debian 12 needs.

SWIFT ?= swift
# Figures in Figures/ are committed in the course's language; `make run LESSON_LANG=en` shows English.
LESSON_LANG ?= ru
# python3-venv: CI's virtual environment for the Python interoperability checks (.ci/run).
DEBIAN_PACKAGES := libopenblas-dev libcairo2-dev zlib1g-dev libsixel-dev pkg-config fonts-dejavu-core dataset-fashion-mnist python3-venv
# Only for the test that runs a lesson in a real sixel terminal (skipped with a note without them).
TEST_PACKAGES := xvfb xterm imagemagick
LESSONS := $(sort $(notdir $(wildcard Lessons/lesson-*)))

.PHONY: deps deps-test run test figures notebooks bench check-pytorch warm section-times teaching-times clean

## deps: install the Debian packages that are missing (with sudo when not root)
deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  echo "Installing:$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

## deps-test: also Xvfb, xterm and ImageMagick, for the inline-figures test in a real terminal
deps-test:
	@$(MAKE) --no-print-directory deps DEBIAN_PACKAGES="$(TEST_PACKAGES)"

## run: every lesson in order (figures go to runs/<lesson>/figures; `make figures` writes Figures/)
run: deps
	@for lesson in $(LESSONS); do \
	  $(SWIFT) run $$lesson --lang $(LESSON_LANG) || exit 1; \
	done

## test: the whole test suite (unit tests and quick smoke runs of every lesson);
## fails when the tests changed what git tracks (they must write only to scratch folders)
test: deps
	$(SWIFT) build --build-tests
	@before=$$(git status --porcelain --untracked-files=all 2>/dev/null); \
	echo "$(SWIFT) test --skip-build --disable-swift-testing"; \
	$(SWIFT) test --skip-build --disable-swift-testing || exit $$?; \
	after=$$(git status --porcelain --untracked-files=all 2>/dev/null); \
	if [ "$$before" != "$$after" ]; then \
	  echo "error: make test changed what git sees; tests must write only to scratch folders:"; \
	  git status --short; exit 1; \
	fi

## figures: regenerate the committed Figures/ quietly (the lessons' output is not shown).
## The only command that writes there: a plain lesson run writes runs/<lesson>/figures.
figures: deps
	@$(SWIFT) build
	@for lesson in $(LESSONS); do \
	  echo "$$lesson"; \
	  $(SWIFT) run --skip-build $$lesson --lang $(LESSON_LANG) --no-code --figures Figures/$$lesson > /dev/null || exit 1; \
	done

## notebooks: regenerate Notebooks/<lang>/<lesson>.ipynb, every lesson in both languages with
## its code, output and figures (seed 42, no run times: the same sources give the same bytes).
## Each lesson runs in a scratch folder, so its figures and logs stay out of the repository;
## lesson 08 reads its rungs from the checkpoint cache that `make figures` fills (or fills it).
notebooks: deps
	@$(SWIFT) build
	@bin=$$($(SWIFT) build --show-bin-path); scratch=$$(mktemp -d); trap 'rm -rf "$$scratch"' EXIT; \
	for lang in ru en; do \
	  mkdir -p Notebooks/$$lang; \
	  for lesson in $(LESSONS); do \
	    echo "Notebooks/$$lang/$$lesson.ipynb"; \
	    mkdir -p "$$scratch/$$lang-$$lesson"; \
	    case $$lesson in lesson-08-*) mkdir -p checkpoints; ln -s "$(CURDIR)/checkpoints" "$$scratch/$$lang-$$lesson/checkpoints";; esac; \
	    (cd "$$scratch/$$lang-$$lesson" && "$$bin/$$lesson" --lang $$lang --seed 42 --no-code --no-timings \
	      --figures figures --export "$(CURDIR)/Notebooks/$$lang/$$lesson.ipynb" > /dev/null) || exit 1; \
	  done; \
	done

## bench: the benchmarks, in a release build (numbers go to BENCHMARKS.md)
bench: deps
	$(SWIFT) run -c release bench-core
	$(SWIFT) run -c release bench-data
	$(SWIFT) run -c release bench-train

## check-pytorch: PyTorch itself loads our checkpoints and we load its (own venv, large download; not in CI)
check-pytorch: deps
	scripts/check-pytorch.sh

## warm: before class, what a class must not wait for: the debug build and lesson 08's
## checkpoint cache (its first run trains 26 nets); says how long it took; a second run is fast
warm: deps
	@scripts/warm.sh

## section-times: time every section of every lesson as a teacher runs it (debug build, default
## flags) into Lessons/section-times/<lesson>.tsv (shown by --list), then TEACHING.md's tables;
## `make section-times LESSONS_TIMED=lesson-03-init` times only that lesson
section-times: deps
	@scripts/time-sections.sh $(LESSONS_TIMED)
	@scripts/teaching-times.sh

## teaching-times: only refill TEACHING.md's generated tables from the committed section times
teaching-times:
	@$(SWIFT) build
	@scripts/teaching-times.sh

clean:
	rm -rf .build
