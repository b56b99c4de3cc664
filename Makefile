# SPDX-License-Identifier: EUPL-1.2
# The two commands of the README: `make demo` and `make test`.
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= 2
IFG        := $(BUILD)/cli/ifg
DEMO       := $(BUILD)/demo

.PHONY: all deps configure build test check asan acceptance demo package package-check clean

all: build

deps:
	scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIFG_WERROR=ON \
	  -DBUILD_SHARED_LIBS=ON -DCMAKE_INSTALL_PREFIX=/usr

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The habits CI keeps: format, function length, SQLite only in the store, no
# CLI words in the library (scripts/check-structure).
check:
	scripts/check-structure

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
	scripts/acceptance-postgresql $(IFG)

demo: build
	scripts/demo $(IFG) $(DEMO)

# The Debian package: $(BUILD)/ifg_X.Y.Z_ARCH.deb (cmake/Packaging.cmake).
package: build
	cd $(BUILD) && cpack -G DEB

# Installs the package on this machine, checks the installed program, its man
# page, completion, pkg-config and the demo, then removes it (needs root or sudo).
package-check: package
	scripts/package-check $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
