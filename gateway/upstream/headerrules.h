// What a header sent upstream may hold: the checks the config parser applies to configured
// headers and the HMAC signer applies to the headers it adds, kept in one place so both agree.
#pragma once

#include <QString>

namespace clawgate {

// A value with one of these would end the header it is sent in and start another.
bool hasLineBreak(const QString &value);

// RFC 9110 §5.1: a field name is a token.
bool isHeaderName(const QString &name);

} // namespace clawgate
