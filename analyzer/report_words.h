#pragma once
// The words and numbers every report format shares, so that text, HTML and
// CSV say the same thing the same way: number grouping, times, outcome labels,
// the plain statement of transient vs permanent and relayed vs rejected, trends.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/report.h"

namespace smtplog {

/// 12345 -> "12,345".
std::string grouped(std::int64_t n);
/// "10.7%" (one decimal); "0.0%" when `whole` is 0.
std::string percent(std::int64_t part, std::int64_t whole);
/// Local time "2026-11-23 18:00" (format as strftime).
std::string local_time(std::int64_t t, const char* format = "%Y-%m-%d %H:%M");
/// Local time in ISO 8601 with its offset: "2026-11-23T18:00:00+00:00".
std::string iso_time(std::int64_t t);
/// "1 day", "7 days", "12 hours", "90 minutes".
std::string duration_words(std::int64_t seconds);

/// The six outcomes every report shows first, even when zero.
const std::vector<std::string>& main_outcomes();
/// The outcomes of `m` in reading order: main_outcomes() first, then the rest.
std::vector<std::string> ordered_outcomes(const std::map<std::string, std::int64_t>& m,
                                          bool with_main = true);
/// "sent" -> "delivered", "rejected" -> "rejected inbound"; others as they are.
std::string outcome_label(const std::string& outcome);

/// "Mailbox Full" or, with no catalogue entry, the entry id or "Unclassified".
std::string problem_title(const Problem& p);
/// "452 4.2.2, 450" (the codes seen), "" when none.
std::string problem_codes(const Problem& p);
/// "permanent", "transient", "transient and permanent" or "other".
std::string class_word(const Problem& p);
/// One plain sentence: who refused whom, whether mail is retried, returned,
/// or refused at our door (and so never relayed).
std::string problem_meaning(const Problem& p);
/// A catalogue category in words: "relay-denied" -> "relay denied (we do not relay for this client)".
std::string category_words(const std::string& category);
/// "up 50% from 4 in the 1 day before", "new: none in ...", "" without a trend.
std::string trend_words(const ReportData& d, const Problem& p);
/// "2026-11-23 18:00 to 2026-11-23 19:00 UTC (all data)".
std::string window_words(const ReportData& d);
/// When the window does not start and end at UTC midnight: one sentence
/// saying the domain breakdowns cover whole UTC days, and which; else "".
std::string domain_days_words(const ReportData& d);
/// "2 inputs, 161 lines read, 0 unparsed".
std::string basis_words(const ReportData& d);
/// The totals in plain words: delivered/relayed, transient, permanent, rejected.
std::vector<std::string> plain_totals(const ReportData& d);
/// Display columns of printable() output: one per code point.
std::size_t columns(std::string_view s);
/// The first `width` columns of `s`, never splitting a UTF-8 sequence.
std::string_view first_columns(std::string_view s, std::size_t width);
/// `s` when it fits in `width` columns, else its start and "...".
std::string clip(std::string_view s, std::size_t width);

/// "(no host)" for an empty log host, else the host.
std::string host_label(const std::string& host);
/// A service (Postfix daemon, Exim transport) for a table row: "(none)" when empty.
std::string service_label(const std::string& service);

}  // namespace smtplog
