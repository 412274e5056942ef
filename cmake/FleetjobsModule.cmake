# fleetjobs_module(name DEPS ...): src/<name>/**/*.cpp as static library fleetjobs_<name>.
function(fleetjobs_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE _srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/${name}/*.cpp)
  if(NOT _srcs)
    set(_srcs ${CMAKE_SOURCE_DIR}/cmake/empty.cpp)
  endif()
  add_library(fleetjobs_${name} STATIC ${_srcs})
  target_link_libraries(fleetjobs_${name} PUBLIC fleetjobs_options ${ARG_DEPS})
endfunction()

# fleetjobs_test(module): tests/<module>/*_test.cpp (hermetic tests) as one gtest executable <module>_tests,
# linked with every module so a test can use what it needs.
function(fleetjobs_test module)
  file(GLOB_RECURSE _srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/${module}/*_test.cpp)
  if(NOT _srcs)
    return()
  endif()
  add_executable(${module}_tests ${_srcs})
  target_include_directories(${module}_tests PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  target_compile_definitions(${module}_tests PRIVATE
    FLEETJOBS_SOURCE_DIR="${CMAKE_SOURCE_DIR}" FLEETJOBS_SHARED_DIR="${CMAKE_SOURCE_DIR}/../shared")
  target_link_libraries(${module}_tests PRIVATE fleetjobs_mqtt fleetjobs_sim fleetjobs_bulk fleetjobs_cli fleetjobs_api
    fleetjobs_http fleetjobs_engine fleetjobs_store fleetjobs_auth fleetjobs_model fleetjobs_common GTest::gtest
    GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${module}_tests DISCOVERY_TIMEOUT 60)
endfunction()
