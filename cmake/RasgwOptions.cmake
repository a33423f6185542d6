# Build options shared by the library, the tests and the examples.

option(RASGW_WERROR "Turn compiler warnings into errors (CI turns this on)" OFF)
set(RASGW_SANITIZE "" CACHE STRING
	"Sanitizers to build with: empty, \"address,undefined\" or \"thread\"")
set_property(CACHE RASGW_SANITIZE PROPERTY STRINGS "" "address,undefined" "thread")

if(NOT CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
	message(FATAL_ERROR "librasgw is built with GCC or Clang (found ${CMAKE_C_COMPILER_ID})")
endif()

add_compile_options(-Wall -Wextra)
if(RASGW_WERROR)
	add_compile_options(-Werror)
endif()

if(RASGW_SANITIZE)
	if(NOT RASGW_SANITIZE MATCHES "^(address,undefined|undefined,address|address|undefined|thread)$")
		message(FATAL_ERROR "RASGW_SANITIZE=${RASGW_SANITIZE}: use \"address,undefined\" or \"thread\"")
	endif()
	add_compile_options(-fsanitize=${RASGW_SANITIZE} -fno-omit-frame-pointer)
	add_link_options(-fsanitize=${RASGW_SANITIZE})
	if(RASGW_SANITIZE MATCHES "undefined")
		# A UB report must fail the test that triggered it.
		add_compile_options(-fno-sanitize-recover=undefined)
	endif()
endif()
