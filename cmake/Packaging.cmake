# The service files of chatroom-serverd and the Debian packages (CPack DEB), one per
# program a user installs: chatroom-client (the window), chatroom-server (the admin
# window) and chatroom-serverd (headless, chatroomctl, the systemd unit, the config file).
# Every install() rule names one of the components client, server or serverd.
#   cmake --build build && (cd build && cpack -G DEB)
# scripts/test-packages.sh builds, installs and tries them.

# Relative to the prefix: /usr/lib/systemd/system in the package.
set(CHATROOM_SYSTEMD_SYSTEM_UNIT_DIR "lib/systemd/system" CACHE PATH
    "Where chatroom-serverd.service is installed (relative: under the prefix)")

set(CHATROOM_SERVERD_PATH "${CMAKE_INSTALL_FULL_BINDIR}/chatroom-serverd")
configure_file(${PROJECT_SOURCE_DIR}/dist/serverd/chatroom-serverd.service.in
               ${PROJECT_BINARY_DIR}/dist/chatroom-serverd.service @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/dist/chatroom-serverd.service
        DESTINATION ${CHATROOM_SYSTEMD_SYSTEM_UNIT_DIR} COMPONENT serverd)
install(FILES ${PROJECT_SOURCE_DIR}/dist/serverd/server.conf
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/chatroom COMPONENT serverd)

if(BUILD_TESTING OR NOT DEFINED BUILD_TESTING)
    # The same unit with the build's binary, so systemd-analyze can check it before
    # anything is installed (verify wants ExecStart's program to exist).
    set(CHATROOM_SERVERD_PATH "$<TARGET_FILE:chatroom-serverd>")
    configure_file(${PROJECT_SOURCE_DIR}/dist/serverd/chatroom-serverd.service.in
                   ${PROJECT_BINARY_DIR}/dist/test/chatroom-serverd.service.in @ONLY)
    file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/dist/test/chatroom-serverd.service
         INPUT ${PROJECT_BINARY_DIR}/dist/test/chatroom-serverd.service.in)
    find_program(SYSTEMD_ANALYZE systemd-analyze)
    if(SYSTEMD_ANALYZE)
        add_test(NAME chatroom-serverd_service_verifies
                 COMMAND ${SYSTEMD_ANALYZE} verify --man=no
                         ${PROJECT_BINARY_DIR}/dist/test/chatroom-serverd.service)
        # systemd's exposure score, 0 (locked down) to 10: "OK" ends at 3.9, written here
        # as 39. The unit scored 1.4 when it was written.
        add_test(NAME chatroom-serverd_service_hardened
                 COMMAND ${SYSTEMD_ANALYZE} security --offline=true --threshold=39
                         ${PROJECT_BINARY_DIR}/dist/test/chatroom-serverd.service)
        set_tests_properties(chatroom-serverd_service_verifies chatroom-serverd_service_hardened
                             PROPERTIES LABELS unit)
    endif()
endif()

set(CPACK_PACKAGE_NAME chatroom)
set(CPACK_PACKAGE_VENDOR "Chatroom")
set(CPACK_PACKAGE_CONTACT "Chatroom developers <chatroom@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
# The unit's ExecStart and /etc/chatroom follow CMAKE_INSTALL_PREFIX, so the package is
# laid out under the same prefix; Debian's is /usr (scripts/test-packages.sh sets it).
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    message(STATUS "Debian packages want -DCMAKE_INSTALL_PREFIX=/usr (now ${CMAKE_INSTALL_PREFIX})")
endif()
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL client server serverd)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # chatroom-serverd_1.0.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Each package's shared libraries become its Depends; what Qt loads as a plugin
# (platform, TLS backend, SQL driver) shlibdeps cannot see, so it is named by hand.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The debugging symbols of a RelWithDebInfo build stay in the build folder: the client
# alone would be ten times its size.
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_CLIENT_PACKAGE_NAME chatroom-client)
set(CPACK_COMPONENT_CLIENT_DESCRIPTION
    "Chatroom's chat window\nJoin a Chatroom group chat on your LAN or a small server: history, emoji, @mentions, TLS with first-use pinning.")
set(CPACK_DEBIAN_CLIENT_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_CLIENT_PACKAGE_RECOMMENDS
    "fonts-noto-color-emoji, fonts-wqy-microhei | fonts-noto-cjk, qt6-translations-l10n")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME chatroom-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "Chatroom's server with its admin window\nRuns a Chatroom room and shows it: members, the log, kick, ban and broadcast. For a server box without a display, install chatroom-serverd.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite")
set(CPACK_DEBIAN_SERVER_PACKAGE_RECOMMENDS "fonts-wqy-microhei | fonts-noto-cjk")

set(CPACK_DEBIAN_SERVERD_PACKAGE_NAME chatroom-serverd)
set(CPACK_COMPONENT_SERVERD_DESCRIPTION
    "Chatroom's headless server, its systemd service and chatroomctl\nRuns a Chatroom room on a machine without a display (Qt Core, Network and Sql only). systemctl enable --now chatroom-serverd; chatroomctl for members, broadcast, kick and ban.")
set(CPACK_DEBIAN_SERVERD_PACKAGE_DEPENDS "libqt6sql6-sqlite")
# /etc/chatroom/server.conf is the operator's: an upgrade asks before replacing it.
# postinst/prerm/postrm tell systemd about the unit and stop it on removal; the service
# is not enabled by the package (systemctl enable --now chatroom-serverd).
set(CPACK_DEBIAN_SERVERD_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/dist/serverd/conffiles
    ${PROJECT_SOURCE_DIR}/dist/serverd/postinst
    ${PROJECT_SOURCE_DIR}/dist/serverd/prerm
    ${PROJECT_SOURCE_DIR}/dist/serverd/postrm)
set(CPACK_DEBIAN_SERVERD_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
