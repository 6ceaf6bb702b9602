# windeployqt / macdeployqt through Qt's deploy-script support (Qt 6.3+).
if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
    qt_generate_deploy_app_script(TARGET talentbridge OUTPUT_SCRIPT tb_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
else()
    qt_generate_deploy_app_script(TARGET talentbridge FILENAME_VARIABLE tb_deploy_script NO_UNSUPPORTED_PLATFORM_ERROR)
endif()
install(SCRIPT "${tb_deploy_script}")
