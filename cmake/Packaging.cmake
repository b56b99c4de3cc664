# SPDX-License-Identifier: EUPL-1.2
# `cpack -G DEB` (or `make package`): one Debian package, ifg_X.Y.Z_ARCH.deb,
# with the program, the shared library, the headers, CMake and pkg-config files,
# man pages, shell completions, schemas, examples and documentation. Its
# Depends come from dpkg-shlibdeps over the binaries it holds; its shlibs file
# and ldconfig trigger from CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS.
# Build it from a build configured with CMAKE_INSTALL_PREFIX=/usr (the Makefile
# does): the program looks for its Dutch catalogue under that prefix.
set(CPACK_PACKAGE_NAME ifg)
set(CPACK_PACKAGE_VENDOR "ifg contributors")
set(CPACK_PACKAGE_CONTACT "ifg maintainers <maintainers@ifg.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "screening and case workflow for the Flemish chain approach to intrafamily violence")
set(CPACK_PACKAGE_DESCRIPTION
    "ifg screens referrals to the chain approach to intrafamily violence (Ketenaanpak\n\
Intrafamiliaal Geweld) against its fixed conditions, and follows each case\n\
through analysis, action plan, case direction and closure, with an audit trail\n\
and regional reports. This package holds the ifg program, the libifg shared\n\
library with its headers, CMake and pkg-config files, and the JSON Schemas of\n\
the file formats.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_OUTPUT_FILE_PREFIX ${PROJECT_BINARY_DIR})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_LICENSE "EUPL-1.2")
# Recommended, not required: man to read the pages, bash-completion to load the
# completion, and the -dev packages a program needs to link libifg.a statically.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db, bash-completion")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "pkg-config, cmake")
# Everything in one package (the issue allows "one package"): the libraries, the
# headers and the tools are the same version and always installed together.
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_STRIP_FILES ON)
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "ifg: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}; a .deb wants /usr")
endif()
include(CPack)
