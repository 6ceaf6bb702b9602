// Shared by every fuzz target: libFuzzer calls this once before the first input.

#include <QLoggingCategory>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // The parsers log what they reject; millions of lines would only slow the run down.
    QLoggingCategory::setFilterRules(QStringLiteral("talentbridge.*=false\nqt.*=false"));
    return 0;
}
