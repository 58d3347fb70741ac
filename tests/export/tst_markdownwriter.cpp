#include "export/markdownwriter.h"
#include "exportfixtures.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// The exchange as Markdown: the sections a ticket needs, a Mermaid block GitHub can draw, code
// fences that a server's backticks cannot close, server text that cannot become markup, and no
// secret unless asked for.
class tst_MarkdownWriter : public QObject
{
    Q_OBJECT
private slots:
    void everyCaseHasHeadingSequenceAndLegs_data();
    void everyCaseHasHeadingSequenceAndLegs();
    void digestStepsAreListedWithHa1Redacted();
    void serverTextCannotBreakOutOfItsPlace();
    void mermaidLinesStayInMermaidSyntax_data();
    void mermaidLinesStayInMermaidSyntax();
    void noSecretWithoutIncludeSecrets_data();
    void noSecretWithoutIncludeSecrets();
    void writesTheFileOwnerOnlyWithSecrets();
    void unwritablePathSaysWhy();
};

namespace {

// A fenced block as CommonMark reads it (§4.5): opened by 3+ backticks and an info string, closed by a
// line of at least as many backticks and nothing else.
struct Block
{
    QString info;
    QStringList lines;
};

QList<Block> fencedBlocks(const QByteArray &markdown)
{
    static const QRegularExpression opening(QStringLiteral("^(`{3,})([A-Za-z]*)$"));
    QList<Block> blocks;
    QString fence;
    const QStringList lines = QString::fromUtf8(markdown).split(u'\n');
    for (const QString &line : lines) {
        if (fence.isEmpty()) {
            const QRegularExpressionMatch match = opening.match(line);
            if (match.hasMatch()) {
                fence = match.captured(1);
                blocks.append({match.captured(2), {}});
            }
            continue;
        }
        if (line.startsWith(fence) && line.count(u'`') == line.size()) {
            fence.clear();
            continue;
        }
        blocks.last().lines.append(line);
    }
    return blocks;
}

// The text outside fenced blocks.
QString prose(const QByteArray &markdown)
{
    QString out;
    QString fence;
    static const QRegularExpression opening(QStringLiteral("^(`{3,})([A-Za-z]*)$"));
    for (const QString &line : QString::fromUtf8(markdown).split(u'\n')) {
        if (fence.isEmpty()) {
            const QRegularExpressionMatch match = opening.match(line);
            if (match.hasMatch())
                fence = match.captured(1);
            else
                out += line + u'\n';
        } else if (line.startsWith(fence) && line.count(u'`') == line.size()) {
            fence.clear();
        }
    }
    return out;
}

Exchange hostileExchange()
{
    Exchange exchange = ExportFixtures::exchange(QStringLiteral("basic-auth-retry"));
    Leg &first = exchange.legs[0];
    exchange.legs.last().reasonPhrase = "Fine *bold* <script>alert(1)</script> [link](http://evil) | table";
    first.responseHeaders.append("X-Fence", "```\n# not a heading\n````", HeaderField::Source::Server);
    first.responseHeaders.append("X-Mermaid", "end; participant X as `evil` #35;", HeaderField::Source::Server);
    first.reason = QStringLiteral("line one\n# Heading from a server\n```");
    return exchange;
}

} // namespace

void tst_MarkdownWriter::everyCaseHasHeadingSequenceAndLegs_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : ExportFixtures::caseNames())
        QTest::newRow(qPrintable(name)) << name;
}

void tst_MarkdownWriter::everyCaseHasHeadingSequenceAndLegs()
{
    QFETCH(QString, name);
    const Exchange exchange = ExportFixtures::exchange(name);
    const QByteArray markdown = MarkdownWriter::toMarkdown(exchange);
    QVERIFY(markdown.startsWith(QByteArray("# " + exchange.request.method + ' ')));
    QVERIFY(markdown.contains("**Outcome:**"));

    const QList<Block> blocks = fencedBlocks(markdown);
    int mermaid = 0;
    int http = 0;
    for (const Block &block : blocks) {
        if (block.info == u"mermaid") {
            ++mermaid;
            QCOMPARE(block.lines.value(0), QStringLiteral("sequenceDiagram"));
        } else if (block.info == u"http") {
            ++http;
        }
    }
    QCOMPARE(mermaid, 1);
    int responses = 0;
    for (const Leg &leg : exchange.legs) {
        QVERIFY2(markdown.contains(QStringLiteral("## Leg %1 (%2)").arg(leg.index + 1).arg(Leg::kindName(leg.kind)).toUtf8()),
                 qPrintable(QString::number(leg.index)));
        responses += leg.hasResponse() ? 1 : 0;
        for (const LegNote &note : leg.notes)
            QVERIFY2(markdown.contains(QByteArray('`' + note.codeName().toUtf8() + '`')), qPrintable(note.codeName()));
        for (const Challenge &challenge : leg.challenges)
            QVERIFY(markdown.contains(challenge.scheme));
    }
    QCOMPARE(http, int(exchange.legs.size()) + responses);
}

void tst_MarkdownWriter::digestStepsAreListedWithHa1Redacted()
{
    Exchange exchange = ExportFixtures::exchange(QStringLiteral("digest-auth"));
    Leg &answer = exchange.legs.last();
    answer.computation.scheme = QStringLiteral("Digest");
    answer.computation.title = QStringLiteral("Digest SHA-256, qop=auth");
    answer.computation.parameters = {{"algorithm", "SHA-256"}, {"realm", "users@example.org"}};
    ComputationStep ha1{QStringLiteral("HA1"), QStringLiteral("SHA-256(username \":\" realm \":\" password)"),
                        "alice:users@example.org:<password>", "ha1ha1ha1ha1ha1ha1ha1ha1", true};
    ComputationStep ha2{QStringLiteral("HA2"), QStringLiteral("SHA-256(method \":\" uri)"), "GET:/dir", "ha2value", false};
    // HA1 is the next step's input: it goes there too.
    ComputationStep response{QStringLiteral("response"), QStringLiteral("SHA-256(HA1 \":\" nonce \":\" HA2)"),
                             "ha1ha1ha1ha1ha1ha1ha1ha1:n0nce:ha2value", "r3sp0nse", false};
    answer.computation.steps = {ha1, ha2, response};
    ComputationStep rspauth{QStringLiteral("rspauth"), QStringLiteral("SHA-256(HA1 \":\" ...)"), "...", "feedbeef", false,
                            ComputationStep::Check::Matched, "feedbeef"};
    answer.verification.scheme = QStringLiteral("Digest");
    answer.verification.steps = {rspauth};

    const QByteArray redacted = MarkdownWriter::toMarkdown(exchange);
    QVERIFY(redacted.contains("### Computation: Digest SHA-256, qop=auth"));
    QVERIFY(redacted.contains("**HA1**"));
    QVERIFY(redacted.contains("`alice:users@example.org:<password>`"));
    QVERIFY(redacted.contains("`ha2value`"));
    QVERIFY(redacted.contains("### Verification"));
    QVERIFY(redacted.contains("matched"));
    QVERIFY(!redacted.contains("ha1ha1ha1ha1"));
    QVERIFY(redacted.contains("`[redacted]:n0nce:ha2value`"));

    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    QVERIFY(MarkdownWriter::toMarkdown(exchange, withSecrets).contains("`ha1ha1ha1ha1ha1ha1ha1ha1`"));
}

void tst_MarkdownWriter::serverTextCannotBreakOutOfItsPlace()
{
    const QByteArray markdown = MarkdownWriter::toMarkdown(hostileExchange());
    // The fence grew past the server's backticks: its lines stay inside the first response block.
    const QList<Block> blocks = fencedBlocks(markdown);
    bool fenceFieldInside = false;
    for (const Block &block : blocks) {
        if (block.info == u"http" && block.lines.join(u'\n').contains(QStringLiteral("X-Fence: ```\\x0a# not a heading\\x0a````")))
            fenceFieldInside = true;
    }
    QVERIFY2(fenceFieldInside, markdown.constData());
    const QString text = prose(markdown);
    // Outside code: one line, markup escaped.
    QVERIFY(!text.contains(QStringLiteral("\n# Heading from a server")));
    QVERIFY(text.contains(QStringLiteral("\\*bold\\*")));
    QVERIFY(text.contains(QStringLiteral("\\<script\\>")));
    QVERIFY(text.contains(QStringLiteral("\\[link\\]")));
    QVERIFY(!text.contains(QStringLiteral("<script>")));
    // Every block opened was closed: the last line of the document is not inside a fence.
    QVERIFY(markdown.endsWith("\n"));
    QCOMPARE(fencedBlocks(markdown + "```probe\n").size(), blocks.size() + 1);
}

void tst_MarkdownWriter::mermaidLinesStayInMermaidSyntax_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : ExportFixtures::caseNames())
        QTest::newRow(qPrintable(name)) << name;
    QTest::newRow("hostile") << QString();
}

void tst_MarkdownWriter::mermaidLinesStayInMermaidSyntax()
{
    QFETCH(QString, name);
    const Exchange exchange = name.isEmpty() ? hostileExchange() : ExportFixtures::exchange(name);
    const QByteArray markdown = MarkdownWriter::toMarkdown(exchange);
    static const QRegularExpression line(QStringLiteral(
            "^    (participant P\\d+ as [^`<>\"]+|P\\d+(->>|-->>|--x)P\\d+: [^`<>\"]*|Note over P\\d+(,P\\d+)?: [^`<>\"]+)$"));
    // '#' only opens, and ';' only closes, one of the entities the writer uses.
    static const QRegularExpression strayHash(QStringLiteral("#(?!(35|59|96|lt|gt|quot);)"));
    static const QRegularExpression straySemicolon(QStringLiteral("(?<!#35|#59|#96|#lt|#gt|#quot);"));
    static const QRegularExpression arrow(QStringLiteral("^    P\\d+(->>|-->>|--x)P\\d+: "));
    for (const Block &block : fencedBlocks(markdown)) {
        if (block.info != u"mermaid")
            continue;
        int arrows = 0;
        for (const QString &text : block.lines.mid(1)) {
            QVERIFY2(line.match(text).hasMatch(), qPrintable(text));
            QVERIFY2(!strayHash.match(text).hasMatch(), qPrintable(text));
            QVERIFY2(!straySemicolon.match(text).hasMatch(), qPrintable(text));
            arrows += arrow.match(text).hasMatch() ? 1 : 0;
        }
        // A request and a response (or its failure) per leg.
        QCOMPARE(arrows, 2 * int(exchange.legs.size()));
    }
}

void tst_MarkdownWriter::noSecretWithoutIncludeSecrets_data()
{
    QTest::addColumn<int>("index");
    const QList<ExportFixtures::LeakCase> cases = ExportFixtures::leakCases();
    for (int i = 0; i < cases.size(); ++i)
        QTest::newRow(qPrintable(cases.at(i).name)) << i;
}

void tst_MarkdownWriter::noSecretWithoutIncludeSecrets()
{
    QFETCH(int, index);
    const ExportFixtures::LeakCase leak = ExportFixtures::leakCases().at(index);
    const QByteArray redacted = MarkdownWriter::toMarkdown(leak.exchange);
    ExportOptions withSecrets;
    withSecrets.includeSecrets = true;
    const QByteArray full = MarkdownWriter::toMarkdown(leak.exchange, withSecrets);
    int seenInFull = 0;
    for (const QByteArray &secret : leak.secrets) {
        bool inFull = false;
        for (const QByteArray &form : ExportFixtures::leakForms(secret, leak.users)) {
            QVERIFY2(!redacted.contains(form), QByteArray(secret + " as " + form).constData());
            inFull = inFull || full.contains(form);
        }
        seenInFull += inFull ? 1 : 0;
    }
    // The search above reads what it searches: with secrets included they are there.
    QVERIFY2(seenInFull >= 2, qPrintable(QString::number(seenInFull)));
}

void tst_MarkdownWriter::writesTheFileOwnerOnlyWithSecrets()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("exchange.md"));
    const Exchange exchange = ExportFixtures::exchange(QStringLiteral("basic-auth-retry"));
    ExportOptions options;
    QString error;
    QVERIFY2(MarkdownWriter::write(path, exchange, options, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), MarkdownWriter::toMarkdown(exchange, options));
    file.close();
    options.includeSecrets = true;
    QVERIFY2(MarkdownWriter::write(path, exchange, options, &error), qPrintable(error));
    QCOMPARE(QFile::permissions(path) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
}

void tst_MarkdownWriter::unwritablePathSaysWhy()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("missing/dir/exchange.md"));
    QString error;
    QVERIFY(!MarkdownWriter::write(path, ExportFixtures::exchange(QStringLiteral("digest-auth")), {}, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

QTEST_GUILESS_MAIN(tst_MarkdownWriter)
#include "tst_markdownwriter.moc"
