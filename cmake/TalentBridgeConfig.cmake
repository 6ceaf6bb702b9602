# Build settings every TalentBridge target links to, so they are stated once.
add_library(talentbridge_config INTERFACE)
target_compile_features(talentbridge_config INTERFACE cxx_std_20)
target_compile_definitions(talentbridge_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
# Debug output stays compiled in: categories default to info, and a support engineer turns
# debug on with QT_LOGGING_RULES or the log level setting.
target_include_directories(talentbridge_config INTERFACE
    "${PROJECT_SOURCE_DIR}"
    "${PROJECT_BINARY_DIR}/generated")
if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(talentbridge_config INTERFACE -Wall -Wextra -Wpedantic)
    if(TALENTBRIDGE_WERROR)
        target_compile_options(talentbridge_config INTERFACE -Werror)
    endif()
elseif(MSVC)
    target_compile_options(talentbridge_config INTERFACE /W4 /utf-8)
    if(TALENTBRIDGE_WERROR)
        target_compile_options(talentbridge_config INTERFACE /WX)
    endif()
endif()
