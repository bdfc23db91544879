#pragma once
// Dates as the feedback record carries them. Parses the input forms DESIGN §2 accepts
// (`dd-mm-yyyy HH:MM[:SS]`, `yyyy-mm-dd HH:MM[:SS]`, RFC 3339 with `T` or a space, optional
// fraction and zone) and writes RFC 3339 UTC (`2024-03-04T12:19:00Z`). Inputs without a zone are
// read in a TimeZone: UTC, a fixed offset (`-03:00`) or an IANA name (`America/Sao_Paulo`).
// Impossible dates (31-02-2024, 25:00) are errors, never silently rolled over.
// Thread-safety: parsing and formatting are pure; TimeZone::load for an IANA name sets the
// process time zone (TZ) once and must be called before other threads start.

#include <cstdint>
#include <string>
#include <string_view>

#include "fb/status.h"

namespace fb {

struct Timestamp {
    int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
    uint32_t nanos = 0;
    uint8_t frac_digits = 0;  // how many fraction digits the input had (kept on output)
};

struct CivilTime {
    int year = 1970;
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

class TimeZone {
public:
    static TimeZone utc() { return TimeZone(); }
    // "UTC", "Z", "+hh:mm"/"-hh:mm", or an IANA zone name from the system's zoneinfo.
    static Result<TimeZone> load(const std::string& name);
    // Seconds since the epoch for a local civil time in this zone.
    int64_t to_utc(const CivilTime& local) const;
    const std::string& name() const { return name_; }

private:
    enum class Kind { utc, fixed, iana } kind_ = Kind::utc;
    int offset_seconds_ = 0;
    std::string name_ = "UTC";
};

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t days_from_civil(int year, int month, int day);
void civil_from_days(int64_t days, int& year, int& month, int& day);
int days_in_month(int year, int month);
// 0 = Sunday ... 6 = Saturday.
int weekday_from_days(int64_t days);

// Parses one of the accepted forms. On failure returns false with a reason in `error`.
bool parse_date(std::string_view text, const TimeZone& tz, Timestamp& out, std::string& error);

// Appends `YYYY-MM-DDTHH:MM:SS[.fff]Z`.
void format_rfc3339(std::string& out, const Timestamp& t);
// Appends `DD-MM-YYYY HH:MM:SS` in UTC (the form the old test-traffic bot sent).
void format_seed(std::string& out, int64_t seconds);
// Parses `YYYY-MM-DD` (a calendar day) to days since the epoch.
bool parse_day(std::string_view text, int64_t& days);

}  // namespace fb
