# cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DCOMPONENTS=<a|b|c> -P ...
# Installs everything, then each component on its own: every file must come with some
# component (an install() rule without COMPONENT lands in "Unspecified"), and each
# component must hold its own program's files and nothing of the others.
cmake_policy(VERSION 3.25)
string(REPLACE "|" ";" COMPONENTS "${COMPONENTS}")
if("Unspecified" IN_LIST COMPONENTS)
    message(FATAL_ERROR "An install() rule has no COMPONENT (components: ${COMPONENTS})")
endif()
file(REMOVE_RECURSE ${WORK_DIR})

function(install_into prefix)
    execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix} ${ARGN}
        OUTPUT_QUIET RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "cmake --install ${ARGN} failed: ${status}")
    endif()
endfunction()

install_into(${WORK_DIR}/all)
file(GLOB_RECURSE all RELATIVE ${WORK_DIR}/all ${WORK_DIR}/all/*)
set(covered)
foreach(component IN LISTS COMPONENTS)
    install_into(${WORK_DIR}/${component} --component ${component})
    file(GLOB_RECURSE files_${component} RELATIVE ${WORK_DIR}/${component}
        ${WORK_DIR}/${component}/*)
    list(APPEND covered ${files_${component}})
endforeach()
set(orphans ${all})
list(REMOVE_ITEM orphans ${covered})
if(orphans)
    message(FATAL_ERROR "Installed by no component: ${orphans}")
endif()

# What each of the three holds, and what must not be there.
set(want_client bin/chatroom-client share/applications/io.github.chatroom.Client.desktop
    share/metainfo/io.github.chatroom.Client.metainfo.xml
    share/icons/hicolor/scalable/apps/io.github.chatroom.Client.svg
    share/man/man1/chatroom-client.1)
set(want_server bin/chatroom-server share/applications/io.github.chatroom.Server.desktop
    share/metainfo/io.github.chatroom.Server.metainfo.xml
    share/icons/hicolor/scalable/apps/io.github.chatroom.Server.svg
    share/man/man1/chatroom-server.1)
set(want_serverd bin/chatroom-serverd share/man/man8/chatroom-serverd.8)
set(refuse_client "chatroom-server|Server")
set(refuse_server "chatroom-client|Client|chatroom-serverd|chatroomctl")
set(refuse_serverd "chatroom-client|chatroom-server[.]|/chatroom-server$|share/applications|share/icons|share/metainfo")
foreach(component client server serverd)
    if(NOT component IN_LIST COMPONENTS)
        message(FATAL_ERROR "No install() rule uses the component ${component}")
    endif()
    foreach(file IN LISTS want_${component})
        if(NOT file IN_LIST files_${component})
            message(FATAL_ERROR "The ${component} component lacks ${file}: ${files_${component}}")
        endif()
    endforeach()
    foreach(file IN LISTS files_${component})
        if(file MATCHES "${refuse_${component}}")
            message(FATAL_ERROR "The ${component} component holds ${file}")
        endif()
    endforeach()
endforeach()
message(STATUS "Components ${COMPONENTS}: ${all}")
