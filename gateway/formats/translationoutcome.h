// What every request translator keeps besides the body it writes, whatever it writes it with:
// the fields left out on purpose, and the rule that the first failure is the one the client
// hears about (the later ones are only its consequences).
#pragma once

#include "translation.h"

#include <optional>

namespace clawgate {

class TranslationOutcome
{
protected:
    // Records a 400 naming `param` unless an earlier failure is recorded; false, so that a
    // caller can `return fail(...)`.
    bool fail(const QString &param, const QString &message)
    {
        if (!m_failure)
            m_failure = Translation::failure(400, param, message);
        return false;
    }
    void drop(const QString &path) { m_dropped.append(path); }

    // `body`, a finished request, with the paths left out.
    Translation succeeded(const QByteArray &body) const
    {
        return Translation::success(body, m_dropped);
    }

    QStringList m_dropped;
    std::optional<Translation> m_failure;
};

} // namespace clawgate
