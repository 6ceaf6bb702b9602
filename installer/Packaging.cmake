# Installation and CPack: DEB on Linux, NSIS on Windows, DragNDrop on macOS.
# The version comes from project(); nothing here repeats it.
include(GNUInstallDirs)

if(APPLE)
    set_target_properties(talentbridge PROPERTIES
        MACOSX_BUNDLE TRUE
        MACOSX_BUNDLE_BUNDLE_NAME "TalentBridge"
        MACOSX_BUNDLE_GUI_IDENTIFIER "example.talentbridge"
        MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
        MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
        MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_LIST_DIR}/macos/Info.plist.in"
        MACOSX_BUNDLE_ICON_FILE "talentbridge.icns")
    # The Dock and Finder icon: generated from resources/icons/talentbridge.svg (png2icns).
    target_sources(talentbridge PRIVATE "${CMAKE_CURRENT_LIST_DIR}/macos/talentbridge.icns")
    set_source_files_properties("${CMAKE_CURRENT_LIST_DIR}/macos/talentbridge.icns"
        TARGET_DIRECTORY talentbridge PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    install(TARGETS talentbridge BUNDLE DESTINATION .)
elseif(WIN32)
    set_target_properties(talentbridge PROPERTIES WIN32_EXECUTABLE TRUE)
    install(TARGETS talentbridge RUNTIME DESTINATION bin)
else()
    install(TARGETS talentbridge RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(TARGETS talentbridge-sandbox RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(FILES "${PROJECT_SOURCE_DIR}/resources/talentbridge.desktop"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/talentbridge.svg"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
    # PNG renderings of the SVG for menus and docks that do not draw SVG icons.
    foreach(size 48 256)
        install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/talentbridge.png"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
endif()

# Qt's deployment tools copy the Qt libraries and plugins next to the program on the
# platforms that do not have them system-wide.
if(WIN32 OR APPLE)
    include(${CMAKE_CURRENT_LIST_DIR}/Deploy.cmake)
endif()

set(CPACK_PACKAGE_NAME "talentbridge")
set(CPACK_PACKAGE_VENDOR "TalentBridge")
set(CPACK_PACKAGE_CONTACT "TalentBridge maintainers <maintainers@talentbridge.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "TalentBridge")
set(CPACK_PACKAGE_EXECUTABLES "talentbridge;TalentBridge")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)

# Debian: shlibdeps finds the libraries; the plugins Qt loads at run time are named here.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libsecret: QtKeychain opens it at run time (dlopen) to reach the Secret Service, so
# shlibdeps cannot see it; without it no secret could be stored or read.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins, libqt6svg6, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")

# Windows: CPACK_PACKAGE_EXECUTABLES gives the Start-menu entry (CPack's template makes and
# removes it); the uninstaller reminds that keychain entries are removed by Disconnect, not by
# uninstalling. /SD IDOK: a silent uninstall (/S, also run before an upgrade) must not stop on it.
set(CPACK_NSIS_DISPLAY_NAME "TalentBridge")
set(CPACK_NSIS_PACKAGE_NAME "TalentBridge ${PROJECT_VERSION}")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/installer/windows/talentbridge.ico")
set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/installer/windows/talentbridge.ico")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS
    "MessageBox MB_OK 'TalentBridge keeps your Greenhouse and SmartDreamers secrets in Windows Credential Manager. If you chose Disconnect before uninstalling, none are left behind; otherwise remove the entries named talentbridge/... in Credential Manager.' /SD IDOK")

# macOS: a drag-and-drop disk image of the bundle.
set(CPACK_DMG_VOLUME_NAME "TalentBridge ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")

if(WIN32)
    set(CPACK_GENERATOR "NSIS")
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
else()
    set(CPACK_GENERATOR "DEB")
endif()

include(CPack)
