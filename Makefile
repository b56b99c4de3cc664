# The two commands of the README: `make demo` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
IFG        := $(BUILD)/cli/ifg
DEMO       := $(BUILD)/demo
# A fixed clock makes the demo reproducible (dates of the sample referrals lie before it).
DEMO_ENV   := IFG_NOW=2026-11-28T10:00:00Z IFG_DB=$(DEMO)/ifg.db

.PHONY: all deps configure build test asan acceptance demo clean

all: build

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIFG_WERROR=ON

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The unit and CLI tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DIFG_WERROR=ON \
	  -DIFG_SANITIZE=ON -DIFG_INSTALL=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

# The public screening vectors, when the shared folder is beside the checkout.
acceptance: build
	../shared/acceptance/run $(IFG)

demo: build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@echo "== ifg init: a database with the fictional Flanders configuration"
	$(DEMO_ENV) $(IFG) init --config examples/flanders.toml
	@echo
	@echo "== ifg screen --batch: 200 synthetic referrals (3 invalid and 2 duplicates on purpose)"
	$(DEMO_ENV) $(IFG) --as coord.vl screen --batch examples/referrals.jsonl; \
	  rc=$$?; test $$rc -eq 0 -o $$rc -eq 5
	@echo
	@echo "== the same referrals as CSV (first rows): nothing is registered twice"
	$(DEMO_ENV) $(IFG) --as coord.vl --quiet screen --batch examples/referrals.csv --format csv \
	  2>/dev/null | cut -d, -f1-5 | head -6
	@echo
	@echo "== one case, explained: ifg screen ANT-2026-0001"
	$(DEMO_ENV) $(IFG) --as coord.ant screen ANT-2026-0001
	@echo
	@echo "== register a single referral (examples/referral.toml), then screen it"
	@id=$$($(DEMO_ENV) $(IFG) --as coord.ant --quiet register --from examples/referral.toml) && \
	  echo "registered $$id" && $(DEMO_ENV) $(IFG) --as coord.ant screen $$id
	@echo
	@echo "Demo database: $(DEMO)/ifg.db  (try: IFG_DB=$(DEMO)/ifg.db $(IFG) partner list)"

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
