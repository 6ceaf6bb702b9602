#include "sandbox/httpfront.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpServer>
#include <QTcpSocket>

namespace Sandbox
{

HttpFront::HttpFront(Handler handler, QObject *parent) : QAbstractHttpServer(parent), m_handler(std::move(handler)) { }

quint16 HttpFront::listenLoopback(quint16 port)
{
    auto *server = new QTcpServer(this);
    if (!server->listen(QHostAddress::LocalHost, port))
    {
        m_errorString = server->errorString();
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

QString HttpFront::errorString() const
{
    return m_errorString;
}

HttpRequest HttpFront::convert(const QHttpServerRequest &request)
{
    HttpRequest converted;
    // QHttpServerRequest keeps no copy of the request line; the URL it parsed from it keeps
    // the path and query bytes as sent (QUrl leaves '+', '%2B' and '%7C' as they were).
    const QUrl url = request.url();
    converted.rawTarget = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
    {
        converted.rawTarget += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    }
    converted.path = url.path();
    converted.query = parseQuery(url.query(QUrl::FullyEncoded).toUtf8());
    switch (request.method())
    {
    case QHttpServerRequest::Method::Get:
        converted.method = "GET";
        break;
    case QHttpServerRequest::Method::Put:
        converted.method = "PUT";
        break;
    case QHttpServerRequest::Method::Delete:
        converted.method = "DELETE";
        break;
    case QHttpServerRequest::Method::Post:
        converted.method = "POST";
        break;
    case QHttpServerRequest::Method::Head:
        converted.method = "HEAD";
        break;
    case QHttpServerRequest::Method::Patch:
        converted.method = "PATCH";
        break;
    default:
        converted.method = "OTHER";
        break;
    }
    converted.authorization = request.value("Authorization");
    converted.contentType = request.value("Content-Type");
    converted.body = request.body();
    return converted;
}

void HttpFront::write(QHttpServerResponder &responder, const HttpResponse &response)
{
    if (response.drop)
    {
        if (QTcpSocket *socket = responder.socket())
        {
            socket->abort();
        }
        return;
    }
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    for (const auto &[name, value] : response.headers)
    {
        responder.writeHeader(name, value);
    }
    responder.writeHeader("Content-Length", QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
}

#if QT_VERSION < QT_VERSION_CHECK(6, 5, 0)
bool HttpFront::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const HttpResponse response = m_handler(convert(request));
    if (response.drop)
    {
        socket->abort();
        return true;
    }
    QHttpServerResponder responder = makeResponder(request, socket);
    write(responder, response);
    return true;
}

void HttpFront::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest() answers everything.
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}
#else
bool HttpFront::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    write(responder, m_handler(convert(request)));
    return true;
}

#if QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
void HttpFront::missingHandler(const QHttpServerRequest &, QHttpServerResponder &&responder)
#else
void HttpFront::missingHandler(const QHttpServerRequest &, QHttpServerResponder &responder)
#endif
{
    // Not reached: handleRequest() answers everything.
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}
#endif

} // namespace Sandbox
