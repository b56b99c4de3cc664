# SPDX-License-Identifier: EUPL-1.2
# What `cmake --install` puts where (GNUInstallDirs), and how other projects find
# it: find_package(ifg) through ifgConfig.cmake, or pkg-config through ifg.pc.
# A shared build installs libifg.so.0 (target ifg::ifg) and libifg.a (target
# ifg::ifg_static, `find_package(ifg COMPONENTS static)`); a static build
# installs libifg.a as ifg::ifg.
include(CMakePackageConfigHelpers)
set(_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/ifg)

install(TARGETS ifg EXPORT ifgTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} NAMELINK_COMPONENT Development
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT ifgTargets NAMESPACE ifg:: DESTINATION ${_cmakedir})
if(BUILD_SHARED_LIBS)
  install(TARGETS ifg_static EXPORT ifgStaticTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT ifgStaticTargets NAMESPACE ifg:: DESTINATION ${_cmakedir})
endif()
# A stripped install (`cmake --install --strip`, the .deb) strips libifg.a of its
# debugging information too, as Debian's dh_strip does: 170 MB become a few.
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/libifg.a\")
  endif()")
install(DIRECTORY include/ifg ${PROJECT_BINARY_DIR}/include/ifg DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The config finds libifg's own dependencies only where a static library needs
# them at link time; a program that links the shared library needs none.
set(IFG_CONFIG_SHARED ${BUILD_SHARED_LIBS})
configure_package_config_file(cmake/ifgConfig.cmake.in ${PROJECT_BINARY_DIR}/ifgConfig.cmake
                              INSTALL_DESTINATION ${_cmakedir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ifgConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ifgConfig.cmake ${PROJECT_BINARY_DIR}/ifgConfigVersion.cmake
              cmake/FindCSV.cmake cmake/FindNettle.cmake cmake/Findutf8proc.cmake
        DESTINATION ${_cmakedir})

# ifg.pc: `c++ -std=c++20 app.cpp $(pkg-config --cflags --libs ifg)`. For the
# static library, the libraries it needs are in Libs (a static-only install) or
# in Libs.private (`pkg-config --static`, beside a shared one).
set(IFG_PC_DEPS "-lSQLiteCpp -lsqlite3 -lpq -lfmt -ltomlplusplus -lsimdjson -lnettle -lcsv -lutf8proc -lxlsxwriter")
if(BUILD_SHARED_LIBS)
  set(IFG_PC_LIBS "-lifg")
  set(IFG_PC_LIBS_PRIVATE "${IFG_PC_DEPS}")
  set(IFG_PC_CFLAGS "")
else()
  set(IFG_PC_LIBS "-lifg ${IFG_PC_DEPS}")
  set(IFG_PC_LIBS_PRIVATE "")
  set(IFG_PC_CFLAGS " -DIFG_STATIC_DEFINE")
endif()
# Relocatable: the prefix is found from where ifg.pc lies.
file(RELATIVE_PATH IFG_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/ifg.pc.in ${PROJECT_BINARY_DIR}/ifg.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ifg.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The formats as JSON Schemas, the examples, the documentation and the licence.
install(DIRECTORY schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ifg/schemas)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES README.md CHANGELOG.md CONTRIBUTING.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
