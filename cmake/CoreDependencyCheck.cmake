# The core library must stay free of Gui and Widgets: the CLI and the tests link it alone.
# Called after the core target is complete; fails the configure step if the rule is broken.
function(authscope_check_core_dependencies target)
    get_target_property(libs ${target} LINK_LIBRARIES)
    get_target_property(ilibs ${target} INTERFACE_LINK_LIBRARIES)
    foreach(lib IN LISTS libs ilibs)
        if(lib MATCHES "Qt6?::(Gui|Widgets|OpenGL|Quick)")
            message(FATAL_ERROR "${target} links ${lib}: the core library may use Qt Core and Network only.")
        endif()
    endforeach()
endfunction()
