#pragma once

namespace Wizard
{

// Page ids of the setup wizard, in the order of the real work (issue #5). The values are the
// QWizard page ids, so Settings > Connection can reopen the wizard at any of them.
enum class PageId : int
{
    Permissions = 0,
    CreateCredentials,
    PasteCredentials,
    Verify,
    SmartDreamers,
    SyncSettings,
    Done
};

constexpr int toInt(PageId id)
{
    return static_cast<int>(id);
}

} // namespace Wizard
