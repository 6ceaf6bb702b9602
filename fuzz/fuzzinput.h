#pragma once

#include <QByteArray>

#include <array>
#include <cstddef>
#include <cstdint>

// How the JSON fuzz targets read their input, so the seed corpus stays readable text:
//   byte 0  which parser ('a' = the first mode, 'b' the second, ...; any byte works, modulo)
//   byte 1  which HTTP status the classifiers get ('0' = the first of kStatuses, ...)
//   rest    the response body, as the server sent it
namespace Fuzz
{

inline constexpr std::array<int, 16> kStatuses { 200, 201, 204, 301, 400, 401, 403, 404, 409, 415, 422, 429, 500, 502,
    503, 0 };

struct Input
{
    unsigned mode = 0;
    int status = 0;
    QByteArray body;
};

inline Input splitInput(const uint8_t *data, size_t size, unsigned modeCount)
{
    Input input;
    if (size >= 1)
    {
        input.mode = unsigned(uint8_t(data[0] - 'a')) % modeCount;
    }
    if (size >= 2)
    {
        input.status = kStatuses[size_t(uint8_t(data[1] - '0')) % kStatuses.size()];
    }
    if (size > 2)
    {
        // A deep copy: QByteArray::fromRawData would let a parser read past a body that is not
        // NUL-terminated without ASan noticing the difference from real network data.
        input.body = QByteArray(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    }
    return input;
}

// Keeps the optimiser from dropping a parse whose result nobody reads.
template <typename T> void consume(const T &value)
{
    asm volatile("" : : "r"(&value) : "memory");
}

} // namespace Fuzz
