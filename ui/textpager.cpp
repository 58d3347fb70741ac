#include "textpager.h"

#include "http/bodybuffer.h"

namespace {

// Where to cut bytes (at least limit + 1 of them) to at most limit: after the last line break in
// the second half, or else at the start of a UTF-8 sequence (a continuation byte is 10xxxxxx), so
// no character is split between two pages.
qsizetype cutPoint(const QByteArray &bytes, qsizetype limit)
{
    const qsizetype lineBreak = bytes.lastIndexOf('\n', limit - 1);
    if (lineBreak >= limit / 2)
        return lineBreak + 1;
    qsizetype cut = limit;
    while (cut > limit - 3 && cut > 1 && (uchar(bytes.at(cut)) & 0xC0) == 0x80)
        --cut;
    return cut;
}

} // namespace

void TextPager::reset(std::shared_ptr<const BodyBuffer> source, qint64 pageBytes)
{
    m_source = std::move(source);
    m_pageBytes = pageBytes;
    m_starts = {0};
    m_end = 0;
}

qint64 TextPager::total() const
{
    return m_source ? m_source->size() : 0;
}

QByteArray TextPager::load()
{
    if (!m_source)
        return QByteArray();
    const qint64 from = start();
    // One byte more than a page: whether more follows, and whether a character starts there.
    const QByteArray page = cut(m_source->readAt(from, m_pageBytes + 1), m_pageBytes);
    m_end = from + page.size();
    return page;
}

QByteArray TextPager::cut(QByteArray bytes, qint64 pageBytes)
{
    if (bytes.size() > pageBytes)
        bytes.truncate(cutPoint(bytes, pageBytes));
    return bytes;
}

void TextPager::previous()
{
    if (hasPrevious())
        m_starts.removeLast();
}

void TextPager::next()
{
    if (hasNext())
        m_starts.append(m_end);
}
