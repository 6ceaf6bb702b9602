#pragma once

#include "sandbox/sandboxstate.h"

#include <QAbstractHttpServer>

#include <functional>

namespace Sandbox
{

// One loopback HTTP listener that hands every request, routed or not, to one handler.
// QAbstractHttpServer's virtuals changed shape in Qt 6.5 and 6.8; this class hides that.
class HttpFront final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpFront)

public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit HttpFront(Handler handler, QObject *parent = nullptr);

    // Listens on 127.0.0.1; 0 on failure (errorString() says why).
    quint16 listenLoopback(quint16 port);
    QString errorString() const;

protected:
#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#elif QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#endif

private:
    static HttpRequest convert(const QHttpServerRequest &request);
    static void write(QHttpServerResponder &responder, const HttpResponse &response);

    Handler m_handler;
    QString m_errorString;
};

} // namespace Sandbox
