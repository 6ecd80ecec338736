# Packaging, included last from the top-level CMakeLists. DEB and TGZ are built and tested on
# Debian; NSIS and DragNDrop are configured for the other platforms.
include(GNUInstallDirs)
configure_file(${CMAKE_CURRENT_LIST_DIR}/clawgate.service.in ${CMAKE_BINARY_DIR}/clawgate.service @ONLY)
# lib/systemd/user, not the multiarch libdir, which systemd does not search.
install(FILES ${CMAKE_BINARY_DIR}/clawgate.service DESTINATION lib/systemd/user)
install(FILES ${PROJECT_SOURCE_DIR}/resources/examples/config.example.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/clawgate/examples)

# The desktop: a launcher (reverse-DNS id, as desktop shells and software centres expect),
# AppStream metainfo, and the icon in the hicolor theme, scalable plus PNGs rendered at build
# time by the tray icon's own drawing code.
set(CLAWGATE_APP_ID io.github.clawgate.ClawGate)
configure_file(${CMAKE_CURRENT_LIST_DIR}/${CLAWGATE_APP_ID}.desktop.in
               ${CMAKE_BINARY_DIR}/${CLAWGATE_APP_ID}.desktop @ONLY)
configure_file(${CMAKE_CURRENT_LIST_DIR}/${CLAWGATE_APP_ID}.metainfo.xml.in
               ${CMAKE_BINARY_DIR}/${CLAWGATE_APP_ID}.metainfo.xml @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/${CLAWGATE_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_BINARY_DIR}/${CLAWGATE_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/${CLAWGATE_APP_ID}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
add_executable(clawgate-iconrenderer ${CMAKE_CURRENT_LIST_DIR}/iconrenderer.cpp)
target_link_libraries(clawgate-iconrenderer PRIVATE clawgate_compile_options gateicon)
set(CLAWGATE_ICON_DIR ${CMAKE_BINARY_DIR}/icons)
add_custom_command(OUTPUT ${CLAWGATE_ICON_DIR}/256x256/apps/${CLAWGATE_APP_ID}.png
    COMMAND clawgate-iconrenderer ${CLAWGATE_ICON_DIR} ${CLAWGATE_APP_ID}
    DEPENDS clawgate-iconrenderer
    COMMENT "Rendering the application icon")
add_custom_target(clawgate-icons ALL DEPENDS ${CLAWGATE_ICON_DIR}/256x256/apps/${CLAWGATE_APP_ID}.png)
install(DIRECTORY ${CLAWGATE_ICON_DIR}/ DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor)

set(CPACK_PACKAGE_NAME clawgate)
set(CPACK_PACKAGE_VENDOR "ClawGate")
set(CPACK_PACKAGE_CONTACT "ClawGate maintainers <maintainers@clawgate.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_README ${PROJECT_SOURCE_DIR}/README.md)
if(WIN32)
    set(CPACK_GENERATOR NSIS)
elseif(APPLE)
    set(CPACK_GENERATOR DragNDrop)
else()
    set(CPACK_GENERATOR DEB TGZ)
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded as plugins, so dpkg-shlibdeps cannot see them: the X11/Wayland platform integration.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://github.com/clawgate/clawgate)
set(CPACK_NSIS_DISPLAY_NAME ClawGate)
set(CPACK_NSIS_PACKAGE_NAME ClawGate)
set(CPACK_NSIS_MENU_LINKS bin/clawgate.exe ClawGate)
set(CPACK_DMG_VOLUME_NAME ClawGate)
include(CPack)
