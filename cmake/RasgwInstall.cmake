# Installation: headers, the shared library, rasgw.pc and the CMake package.
# Only the shared library is installed; rasgw_internal is for tests.

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/rasgw"
	DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
	COMPONENT Development
	FILES_MATCHING PATTERN "*.h")

install(TARGETS rasgw EXPORT rasgwTargets
	LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
		COMPONENT Runtime NAMELINK_COMPONENT Development
	ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT Development
	RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT Runtime)

# ---- pkg-config
# With relative install dirs the .pc finds its prefix from its own location,
# so `cmake --install --prefix X` gives a working file in any X.
set(RASGW_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
	set(RASGW_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
	set(RASGW_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
	set(RASGW_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
else()
	file(RELATIVE_PATH _rasgw_up "/prefix/${RASGW_PC_DIR}" "/prefix")
	string(REGEX REPLACE "/$" "" _rasgw_up "${_rasgw_up}")
	set(RASGW_PC_PREFIX "\${pcfiledir}/${_rasgw_up}")
	set(RASGW_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
	set(RASGW_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
set(RASGW_PC_REQUIRES_PRIVATE "yaml-0.1 libcjson libxxhash")
set(RASGW_PC_LIBS_PRIVATE "")
foreach(_lib IN LISTS RASGW_SYSTEM_LIBS)
	string(APPEND RASGW_PC_LIBS_PRIVATE " -l${_lib}")
endforeach()
string(STRIP "${RASGW_PC_LIBS_PRIVATE}" RASGW_PC_LIBS_PRIVATE)
configure_file("${PROJECT_SOURCE_DIR}/pkgconfig/rasgw.pc.in"
	"${PROJECT_BINARY_DIR}/rasgw.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/rasgw.pc"
	DESTINATION "${RASGW_PC_DIR}" COMPONENT Development)

# ---- CMake package: find_package(rasgw CONFIG) gives rasgw::rasgw
set(RASGW_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/rasgw")
install(EXPORT rasgwTargets
	NAMESPACE rasgw::
	FILE rasgwTargets.cmake
	DESTINATION "${RASGW_CMAKE_DIR}"
	COMPONENT Development)
configure_package_config_file(
	"${PROJECT_SOURCE_DIR}/cmake/rasgwConfig.cmake.in"
	"${PROJECT_BINARY_DIR}/rasgwConfig.cmake"
	INSTALL_DESTINATION "${RASGW_CMAKE_DIR}")
# SameMajorVersion: the major version is the SOVERSION (doc/abi.md).
write_basic_package_version_file(
	"${PROJECT_BINARY_DIR}/rasgwConfigVersion.cmake"
	VERSION ${PROJECT_VERSION}
	COMPATIBILITY SameMajorVersion)
install(FILES
	"${PROJECT_BINARY_DIR}/rasgwConfig.cmake"
	"${PROJECT_BINARY_DIR}/rasgwConfigVersion.cmake"
	DESTINATION "${RASGW_CMAKE_DIR}"
	COMPONENT Development)
