#include "openclawmerge.h"

#include "json5scanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <functional>
#include <map>

namespace clawgate::OpenClawMerge {

namespace {

// Replacements and insertions into the original text, keyed by start offset and applied from
// the end so that earlier offsets stay valid: start -> (end, new bytes).
using Edits = std::map<qsizetype, std::pair<qsizetype, QByteArray>, std::greater<>>;

class Merger
{
public:
    Merger(const QByteArray &text, const OpenClawProvider &provider)
        : m_text(text)
        , m_scanner(text)
        , m_provider(provider)
    {
        m_layout.newline = text.contains("\r\n") ? "\r\n" : "\n";
    }

    OpenClawMergeResult run();

private:
    std::optional<Json5Member> findMember(const Json5Object &parent, const QString &key);
    std::optional<Json5Object> objectValue(const Json5Member &member, const QString &key);
    QByteArray lineIndent(qsizetype pos) const;
    bool startsLine(qsizetype pos) const;
    void insertMember(const Json5Object &object, const QStringList &path);
    qsizetype endOfLineAfter(qsizetype pos) const;
    bool onlyBlanksBetween(qsizetype from, qsizetype to) const;
    OpenClawMergeResult done() const;
    OpenClawMergeResult refuse() const { return {false, {}, m_error}; }
    void failAt(qsizetype pos, const QString &what);

    const QByteArray &m_text;
    Json5Scanner m_scanner;
    const OpenClawProvider &m_provider;
    TextLayout m_layout;
    Edits m_edits;
    QString m_error;
};

OpenClawMergeResult Merger::run()
{
    const std::optional<Json5Object> root = m_scanner.rootObject();
    if (!root)
        return {false, {}, m_scanner.error()};
    if (!root->members.isEmpty()) {
        const qsizetype firstKey = root->members.first().keyStart;
        const QByteArray first = lineIndent(firstKey);
        if (startsLine(firstKey) && !first.isEmpty())
            m_layout.indentUnit = first; // follow the file's own indentation step
    }
    const QString models = QStringLiteral("models"), providers = QStringLiteral("providers");
    const std::optional<Json5Member> modelsMember = findMember(*root, models);
    if (!m_error.isEmpty())
        return refuse();
    if (!modelsMember) {
        insertMember(*root, {models, providers});
        return done();
    }
    const std::optional<Json5Object> modelsObject = objectValue(*modelsMember, models);
    if (!modelsObject)
        return refuse();
    const std::optional<Json5Member> providersMember = findMember(*modelsObject, providers);
    if (!m_error.isEmpty())
        return refuse();
    if (!providersMember) {
        insertMember(*modelsObject, {providers});
        return done();
    }
    const std::optional<Json5Object> providersObject = objectValue(*providersMember, providers);
    if (!providersObject)
        return refuse();
    const std::optional<Json5Member> ours
        = findMember(*providersObject, OpenClawSnippet::providerId());
    if (!m_error.isEmpty())
        return refuse();
    if (!ours) {
        insertMember(*providersObject, {});
        return done();
    }
    // Whatever the old value was, even not an object, it is ClawGate's entry to replace.
    m_edits[ours->valueStart]
        = {ours->valueEnd,
           OpenClawSnippet::renderProvider(m_provider, lineIndent(ours->keyStart), m_layout)};
    return done();
}

void Merger::failAt(qsizetype pos, const QString &what)
{
    m_error = QStringLiteral("line %1: %2").arg(m_scanner.lineOf(pos)).arg(what);
}

// A key that appears twice is refused: which of the two OpenClaw reads is not ours to guess.
std::optional<Json5Member> Merger::findMember(const Json5Object &parent, const QString &key)
{
    std::optional<Json5Member> found;
    for (const Json5Member &member : parent.members) {
        if (member.key != key)
            continue;
        if (found) {
            failAt(member.keyStart, QStringLiteral("\"%1\" appears twice").arg(key));
            return std::nullopt;
        }
        found = member;
    }
    return found;
}

std::optional<Json5Object> Merger::objectValue(const Json5Member &member, const QString &key)
{
    if (m_text[member.valueStart] != '{') {
        failAt(member.valueStart, QStringLiteral("\"%1\" is not an object").arg(key));
        return std::nullopt;
    }
    return m_scanner.objectAt(member.valueStart); // scanned whole before: cannot fail
}

// The blanks that start the line `pos` is on.
QByteArray Merger::lineIndent(qsizetype pos) const
{
    qsizetype start = pos;
    while (start > 0 && m_text[start - 1] != '\n' && m_text[start - 1] != '\r')
        --start;
    qsizetype end = start;
    while (end < pos && (m_text[end] == ' ' || m_text[end] == '\t'))
        ++end;
    return m_text.mid(start, end - start);
}

bool Merger::startsLine(qsizetype pos) const
{
    return onlyBlanksBetween(pos - lineIndent(pos).size(), pos)
        && (pos == lineIndent(pos).size() || m_text[pos - lineIndent(pos).size() - 1] == '\n'
            || m_text[pos - lineIndent(pos).size() - 1] == '\r');
}

// Past blanks and comments that end on the same line as `pos`, so that a comment after the
// last member stays with it.
qsizetype Merger::endOfLineAfter(qsizetype pos) const
{
    for (;;) {
        while (pos < m_text.size() && (m_text[pos] == ' ' || m_text[pos] == '\t'))
            ++pos;
        if (m_text.mid(pos, 2) == "//") {
            while (pos < m_text.size() && m_text[pos] != '\n' && m_text[pos] != '\r')
                ++pos;
            return pos;
        }
        if (m_text.mid(pos, 2) != "/*")
            return pos;
        const qsizetype end = m_text.indexOf("*/", pos + 2);
        if (end < 0 || m_text.mid(pos, end - pos).contains('\n'))
            return pos;
        pos = end + 2;
    }
}

bool Merger::onlyBlanksBetween(qsizetype from, qsizetype to) const
{
    for (qsizetype i = from; i < to; ++i) {
        if (m_text[i] != ' ' && m_text[i] != '\t')
            return false;
    }
    return true;
}

// Adds `path`/clawgate as the last member of `object`, on a line of its own, indented like its
// siblings, with a trailing comma when the file uses them.
void Merger::insertMember(const Json5Object &object, const QStringList &path)
{
    const QByteArray parentIndent
        = lineIndent(object.open).isNull() ? QByteArray() : lineIndent(object.open);
    QByteArray indent = parentIndent + m_layout.indentUnit;
    qsizetype at = object.open + 1;
    bool trailingComma = false;
    if (!object.members.isEmpty()) {
        const Json5Member &last = object.members.last();
        if (startsLine(last.keyStart))
            indent = lineIndent(last.keyStart);
        trailingComma = last.commaEnd >= 0;
        if (!trailingComma)
            m_edits[last.valueEnd] = {last.valueEnd, ","};
        at = endOfLineAfter(trailingComma ? last.commaEnd : last.valueEnd);
    }
    const QStringList keys = path + QStringList {OpenClawSnippet::providerId()};
    const QByteArray value = OpenClawSnippet::wrap(
        keys.mid(1),
        OpenClawSnippet::renderProvider(
            m_provider, indent + QByteArray(m_layout.indentUnit).repeated(keys.size() - 1),
            m_layout),
        indent, m_layout);
    QByteArray member = m_layout.newline + indent + OpenClawSnippet::jsonString(keys.first()) + ": "
        + value + (trailingComma ? "," : "");
    if (onlyBlanksBetween(at, object.close))
        member += m_layout.newline + parentIndent; // the '}' was on this line: give it its own
    m_edits[at] = {at, member};
}

OpenClawMergeResult Merger::done() const
{
    QByteArray text = m_text;
    for (const auto &[start, edit] : m_edits)
        text.replace(start, edit.first - start, edit.second);
    return {true, text, {}};
}

QString backupPathFor(const QString &path, const QDateTime &now)
{
    const QString base
        = path + QStringLiteral(".bak-") + now.toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString candidate = base;
    for (int n = 2; QFileInfo::exists(candidate) && n < 1000; ++n)
        candidate = base + QLatin1Char('-') + QString::number(n);
    return candidate;
}

bool writeAtomically(const QString &path, const QByteArray &text, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace

QString defaultConfigPath()
{
    return QDir::homePath() + QStringLiteral("/.openclaw/openclaw.json");
}

OpenClawMergeResult merge(const QByteArray &existing, const OpenClawProvider &provider)
{
    if (Json5Scanner(existing).isBlank() && !existing.contains("/"))
        return {true, OpenClawSnippet::document(provider), {}};
    return Merger(existing, provider).run();
}

OpenClawApplyResult apply(const QString &path, const OpenClawProvider &provider,
                          const QDateTime &now)
{
    using Outcome = OpenClawApplyResult::Outcome;
    OpenClawApplyResult result;
    QFile file(path);
    const bool exists = file.exists();
    QByteArray existing;
    if (exists) {
        if (!file.open(QIODevice::ReadOnly))
            return {Outcome::Refused,
                    {},
                    QStringLiteral("cannot read %1: %2").arg(path, file.errorString())};
        existing = file.readAll();
        file.close();
    }
    const OpenClawMergeResult merged = merge(existing, provider);
    if (!merged.ok)
        return {Outcome::Refused, {}, merged.error};
    if (exists && merged.text == existing)
        return {Outcome::Unchanged, {}, {}};
    if (exists) {
        result.backupPath = backupPathFor(path, now);
        if (!QFile::copy(path, result.backupPath))
            return {Outcome::Refused,
                    {},
                    QStringLiteral("cannot write the backup %1").arg(result.backupPath)};
    } else if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return {Outcome::Refused, {}, QStringLiteral("cannot create the folder of %1").arg(path)};
    }
    if (!writeAtomically(path, merged.text, &result.error))
        return {Outcome::Refused, result.backupPath, result.error};
    if (!exists)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    result.outcome = exists ? Outcome::Updated : Outcome::Created;
    return result;
}

} // namespace clawgate::OpenClawMerge
