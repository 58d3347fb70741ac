#include "windowzoom.h"

#include "uiformat.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QWidget>

#include <array>

namespace {

constexpr std::array<int, 12> Steps{50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300};

// A widget's own font or row height at 100 %, recorded the first time a zoom meets it.
const char *const BaseFontSizeProperty = "authscopeZoomBaseFontSize";
const char *const BaseRowHeightProperty = "authscopeZoomBaseRowHeight";

// The size at 100 %: recorded once, from what the widget had under the scale it was made in.
qreal baseOf(QObject *object, const char *property, qreal current, qreal scaleMadeIn)
{
    const QVariant recorded = object->property(property);
    if (recorded.isValid())
        return recorded.toReal();
    const qreal base = current / scaleMadeIn;
    object->setProperty(property, base);
    return base;
}

} // namespace

WindowZoom::WindowZoom(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_baseFont(window->font())
{
}

WindowZoom::~WindowZoom()
{
    UiFormat::setFontScale(1.0);
}

void WindowZoom::setPercent(int percent)
{
    percent = qBound(minimumPercent(), percent, maximumPercent());
    if (percent == m_percent)
        return;
    const qreal oldScale = m_percent / 100.0;
    m_percent = percent;
    apply(oldScale, percent / 100.0);
    emit percentChanged(percent);
}

void WindowZoom::zoomIn()
{
    setPercent(nextPercent(m_percent, +1));
}

void WindowZoom::zoomOut()
{
    setPercent(nextPercent(m_percent, -1));
}

int WindowZoom::nextPercent(int percent, int direction)
{
    if (direction > 0) {
        for (int step : Steps) {
            if (step > percent)
                return step;
        }
        return Steps.back();
    }
    for (auto it = Steps.rbegin(); it != Steps.rend(); ++it) {
        if (*it < percent)
            return *it;
    }
    return Steps.front();
}

int WindowZoom::minimumPercent()
{
    return Steps.front();
}

int WindowZoom::maximumPercent()
{
    return Steps.back();
}

void WindowZoom::apply(qreal oldScale, qreal newScale)
{
    // Models read the fixed-pitch font through UiFormat when they paint.
    UiFormat::setFontScale(newScale);

    // A font set on a widget may fix only its weight (UiFormat::sectionTitle's bold) and inherit
    // the size: record such sizes before the window's font changes, or they count twice.
    const QList<QWidget *> widgets = m_window->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (widget->testAttribute(Qt::WA_SetFont) && widget->font().pointSizeF() > 0)
            baseOf(widget, BaseFontSizeProperty, widget->font().pointSizeF(), oldScale);
    }

    // Widgets that inherit their font (most) follow the window's.
    QFont windowFont = m_baseFont;
    if (m_baseFont.pointSizeF() > 0)
        windowFont.setPointSizeF(m_baseFont.pointSizeF() * newScale);
    else
        windowFont.setPixelSize(qMax(1, qRound(m_baseFont.pixelSize() * newScale)));
    m_window->setFont(windowFont);

    for (QWidget *widget : widgets) {
        // A font set on the widget itself (bold titles, fixed-pitch bodies) does not inherit.
        if (widget->testAttribute(Qt::WA_SetFont) && widget->font().pointSizeF() > 0) {
            QFont font = widget->font();
            font.setPointSizeF(baseOf(widget, BaseFontSizeProperty, font.pointSizeF(), oldScale) * newScale);
            widget->setFont(font);
        }
        // Rows were sized for the font of the time they were made.
        auto *view = qobject_cast<QAbstractItemView *>(widget);
        if (view && !qobject_cast<QHeaderView *>(view)) {
            for (QHeaderView *header : view->findChildren<QHeaderView *>()) {
                if (header->orientation() != Qt::Vertical || header->parent() != view)
                    continue;
                const qreal base = baseOf(header, BaseRowHeightProperty, header->defaultSectionSize(), oldScale);
                header->setDefaultSectionSize(qRound(base * newScale));
            }
            view->doItemsLayout();
            view->viewport()->update();
        }
    }
}
