# Keeps the layers of src/ in order: each layer may include and link only the layers allowed
# before it, and nothing in src/ may include a Qt Gui or Widgets header (the CLI and the tests
# link the core alone). Two ways in:
#   - authscope_check_layers(...) from src/CMakeLists.txt: checks the link libraries and the
#     #include lines at configure time, and adds a target that checks the #include lines again at
#     every build, so an include added later fails the build too;
#   - cmake -DSOURCE_DIR=... -DCONFIG=<build>/src/layercheck-config.cmake [-DSTAMP=file]
#     -P LayerCheck.cmake: the check alone (the build step, and tests/core/tst_layercheck). CONFIG
#     holds the rules (LAYERS=a,b ALLOWED="a:a|b:a,b" QT_INCLUDE_DIR=...) the configure step used.

# Qt modules whose headers src/ may not include, and those it may.
set(_AUTHSCOPE_FORBIDDEN_QT QtGui QtWidgets QtOpenGL QtOpenGLWidgets QtQuick QtQml QtSvg QtSvgWidgets
    QtPrintSupport QtQuickWidgets)
set(_AUTHSCOPE_ALLOWED_QT QtCore QtNetwork QtDBus QtConcurrent QtSql QtHttpServer QtWebSockets)

# Sets ${out} to the list of violations ("file:line: text") of the tree under source_dir.
function(_authscope_scan_includes source_dir layers allowed qt_include_dir out)
    set(problems "")
    foreach(rule IN LISTS allowed)
        string(REPLACE ":" ";" parts "${rule}")
        list(GET parts 0 layer)
        list(GET parts 1 may)
        string(REPLACE "," ";" may "${may}")
        set(may_${layer} ${may})
    endforeach()
    foreach(layer IN LISTS layers)
        file(GLOB_RECURSE files "${source_dir}/${layer}/*.h" "${source_dir}/${layer}/*.cpp")
        foreach(file IN LISTS files)
            file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include")
            file(RELATIVE_PATH rel "${source_dir}" "${file}")
            get_filename_component(dir "${file}" DIRECTORY)
            foreach(line IN LISTS lines)
                if(line MATCHES "#[ \t]*include[ \t]*\"([^\"]+)\"")
                    set(target "${CMAKE_MATCH_1}")
                    if(target MATCHES "^([^/]+)/")
                        set(top "${CMAKE_MATCH_1}")
                        list(FIND layers "${top}" known)
                        if(known GREATER -1)
                            list(FIND may_${layer} "${top}" ok)
                            if(ok EQUAL -1)
                                list(APPEND problems "${rel}: includes \"${target}\": ${layer} may not use ${top}")
                            endif()
                        elseif(NOT EXISTS "${dir}/${target}")
                            list(APPEND problems "${rel}: includes \"${target}\", which is not in src/")
                        endif()
                    elseif(NOT EXISTS "${dir}/${target}")
                        list(APPEND problems "${rel}: includes \"${target}\", which is not beside it")
                    endif()
                elseif(line MATCHES "#[ \t]*include[ \t]*<([^>]+)>")
                    set(target "${CMAKE_MATCH_1}")
                    set(module "")
                    if(target MATCHES "^(Qt[A-Za-z]+)/")
                        set(module "${CMAKE_MATCH_1}")
                    elseif(target MATCHES "^Q[A-Za-z]+$" AND qt_include_dir)
                        # <QColor>: whichever module holds the header, an allowed one first.
                        foreach(m IN LISTS _AUTHSCOPE_ALLOWED_QT _AUTHSCOPE_FORBIDDEN_QT)
                            if(EXISTS "${qt_include_dir}/${m}/${target}")
                                set(module "${m}")
                                break()
                            endif()
                        endforeach()
                    endif()
                    list(FIND _AUTHSCOPE_FORBIDDEN_QT "${module}" bad)
                    if(module AND bad GREATER -1)
                        list(APPEND problems "${rel}: includes <${target}> from ${module}: src/ uses Qt Core and Network only")
                    endif()
                endif()
            endforeach()
        endforeach()
    endforeach()
    set(${out} "${problems}" PARENT_SCOPE)
endfunction()

function(_authscope_report_problems problems)
    if(problems)
        list(JOIN problems "\n  " text)
        message(FATAL_ERROR "The layers of src/ are out of order:\n  ${text}\n"
                "Order: core <- http <- auth <- engine <- credentials, export <- cli; no Qt Gui or Widgets.")
    endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
    if(CONFIG)
        include("${CONFIG}") # LAYERS, ALLOWED, QT_INCLUDE_DIR as the configure step wrote them
    endif()
    string(REPLACE "," ";" layers "${LAYERS}")
    string(REPLACE "|" ";" allowed "${ALLOWED}")
    _authscope_scan_includes("${SOURCE_DIR}" "${layers}" "${allowed}" "${QT_INCLUDE_DIR}" problems)
    _authscope_report_problems("${problems}")
    if(STAMP)
        file(WRITE "${STAMP}" "ok\n")
    endif()
    return()
endif()

# authscope_check_layers(SOURCE_DIR dir LAYERS l... TARGETS t... ALLOWED "layer:l1,l2"...)
# TARGETS are the layers' libraries, in the order of LAYERS.
function(authscope_check_layers)
    cmake_parse_arguments(C "" "SOURCE_DIR" "LAYERS;TARGETS;ALLOWED" ${ARGN})

    # Link libraries: a layer links only its allowed layers' libraries and never Qt Gui or Widgets.
    foreach(target IN LISTS C_TARGETS)
        list(FIND C_TARGETS "${target}" i)
        list(GET C_LAYERS ${i} layer)
        foreach(rule IN LISTS C_ALLOWED)
            if(rule MATCHES "^${layer}:(.*)$")
                string(REPLACE "," ";" may "${CMAKE_MATCH_1}")
            endif()
        endforeach()
        get_target_property(libs ${target} LINK_LIBRARIES)
        get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
        foreach(lib IN LISTS libs ilibs)
            if(lib MATCHES "Qt6?::(Gui|Widgets|OpenGL|Quick|Qml|Svg)")
                message(FATAL_ERROR "${target} links ${lib}: src/ may use Qt Core and Network only.")
            endif()
            list(FIND C_TARGETS "${lib}" j)
            if(j GREATER -1)
                list(GET C_LAYERS ${j} other)
                list(FIND may "${other}" ok)
                if(ok EQUAL -1)
                    message(FATAL_ERROR "${target} links ${lib}: the ${layer} layer may not use ${other}.")
                endif()
            endif()
        endforeach()
    endforeach()

    get_target_property(qt_dirs Qt6::Core INTERFACE_INCLUDE_DIRECTORIES)
    set(qt_include_dir "")
    foreach(d IN LISTS qt_dirs)
        if(d MATCHES "^(.*)/QtCore$")
            set(qt_include_dir "${CMAKE_MATCH_1}")
        endif()
    endforeach()
    if(NOT qt_include_dir)
        message(FATAL_ERROR "LayerCheck: cannot find Qt's include directory")
    endif()
    set(AUTHSCOPE_QT_INCLUDE_DIR "${qt_include_dir}" CACHE INTERNAL "")

    _authscope_scan_includes("${C_SOURCE_DIR}" "${C_LAYERS}" "${C_ALLOWED}" "${qt_include_dir}" problems)
    _authscope_report_problems("${problems}")

    # Again at every build: an include added since the last configure fails the build.
    set(sources "")
    foreach(layer IN LISTS C_LAYERS)
        file(GLOB_RECURSE found CONFIGURE_DEPENDS "${C_SOURCE_DIR}/${layer}/*.h" "${C_SOURCE_DIR}/${layer}/*.cpp")
        list(APPEND sources ${found})
    endforeach()
    list(JOIN C_LAYERS "," layers_arg)
    list(JOIN C_ALLOWED "|" allowed_arg)
    set(config "${CMAKE_CURRENT_BINARY_DIR}/layercheck-config.cmake")
    file(WRITE "${config}" "set(LAYERS \"${layers_arg}\")\nset(ALLOWED \"${allowed_arg}\")\n"
                            "set(QT_INCLUDE_DIR \"${qt_include_dir}\")\n")
    set(AUTHSCOPE_LAYERCHECK_CONFIG "${config}" CACHE INTERNAL "")
    set(stamp "${CMAKE_CURRENT_BINARY_DIR}/layercheck.stamp")
    add_custom_command(OUTPUT "${stamp}"
        COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${C_SOURCE_DIR} -DCONFIG=${config} -DSTAMP=${stamp}
                -P ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
        DEPENDS ${sources} ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
        COMMENT "Checking the layers of src/"
        VERBATIM)
    add_custom_target(authscope_layer_check DEPENDS "${stamp}")
    foreach(target IN LISTS C_TARGETS)
        add_dependencies(${target} authscope_layer_check)
    endforeach()
endfunction()
