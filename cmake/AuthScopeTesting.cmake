# authscope_add_test(NAME name SOURCES ... LIBS ... [GUI] [XVFB] [LABELS ...] [TIMEOUT s])
# Adds a Qt Test executable registered with CTest. Asserts are always on in tests.
# GUI tests run on the offscreen platform; XVFB tests render on the real X server that the
# test command starts (xvfb-run), so they can take real screenshots.

# Test code is compiled at -O1 in optimised builds: the code under test keeps the build's -O2, and
# the tests' own code (QTest macros, fixtures) builds a third faster, which is minutes of CI on
# 2 cores. Sanitized builds keep their own level.
function(authscope_optimize_test_code target)
    if(NOT AUTHSCOPE_SANITIZE AND CMAKE_BUILD_TYPE MATCHES "^(RelWithDebInfo|Release)$")
        target_compile_options(${target} PRIVATE -O1)
    endif()
endfunction()

function(authscope_add_test)
    cmake_parse_arguments(T "GUI;XVFB" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${T_NAME} ${T_SOURCES})
    target_link_libraries(${T_NAME} PRIVATE Qt6::Test authscope_test_support ${T_LIBS})
    authscope_optimize_test_code(${T_NAME})
    target_compile_definitions(${T_NAME} PRIVATE QT_FORCE_ASSERTS
        AUTHSCOPE_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
        AUTHSCOPE_BINARY_DIR="${CMAKE_BINARY_DIR}"
        AUTHSCOPE_BIN_DIR="${CMAKE_BINARY_DIR}/bin")
    set_target_properties(${T_NAME} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set(env "QT_LOGGING_RULES=authscope.*.debug=false" "LC_ALL=C.UTF-8")
    if(T_XVFB)
        list(APPEND env "QT_QPA_PLATFORM=xcb")
    else()
        list(APPEND env "QT_QPA_PLATFORM=offscreen")
    endif()
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    # Each test is labelled with its suite (the folder under tests/), so one suite can be built
    # and run alone: the target authscope_suite_<suite> builds its tests, ctest -L <suite> runs them.
    get_filename_component(suite "${CMAKE_CURRENT_SOURCE_DIR}" NAME)
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${T_TIMEOUT}
        LABELS "${suite};${T_LABELS}")
    if(NOT TARGET authscope_suite_${suite})
        add_custom_target(authscope_suite_${suite})
    endif()
    add_dependencies(authscope_suite_${suite} ${T_NAME})
endfunction()
