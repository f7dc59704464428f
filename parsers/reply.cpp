// Reply codes are matched by hand: they sit at known places and are a few bytes.
#include "parsers/reply.h"

#include "parsers/ascii.h"

namespace smtplog {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t digit_run(std::string_view s, std::size_t pos) {
  std::size_t i = pos;
  while (i < s.size() && is_digit(s[i])) ++i;
  return i - pos;
}

// ASCII only, as SMTP commands are (ascii_lower: std::tolower is a call into the locale).
bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

}  // namespace

std::size_t read_enhanced(std::string_view s) {
  if (s.size() < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') || s[1] != '.') return 0;
  std::size_t n1 = digit_run(s, 2);
  if (n1 < 1 || n1 > 3 || 2 + n1 >= s.size() || s[2 + n1] != '.') return 0;
  std::size_t p = 3 + n1;
  std::size_t n2 = digit_run(s, p);
  if (n2 < 1 || n2 > 3) return 0;
  p += n2;
  if (p < s.size()) {
    char c = s[p];
    // "5.7.1.2" or "5.7.1x" is not an enhanced code.
    if (is_digit(c) || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z') ||
        (c == '.' && p + 1 < s.size() && is_digit(s[p + 1])))
      return 0;
  }
  return p;
}

std::size_t read_reply_codes(std::string_view s, std::uint16_t& code, std::string_view& enhanced) {
  code = 0;
  enhanced = {};
  std::size_t pos = 0;
  if (s.size() >= 3 && s[0] >= '2' && s[0] <= '5' && is_digit(s[1]) && is_digit(s[2]) &&
      (s.size() == 3 || s[3] == ' ' || s[3] == '-')) {
    code = static_cast<std::uint16_t>((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
    pos = s.size() == 3 ? 3 : 4;
  }
  if (std::size_t n = read_enhanced(s.substr(pos))) {
    enhanced = s.substr(pos, n);
    pos += n;
    if (pos < s.size() && s[pos] == ' ') ++pos;
  } else if (code == 0) {
    return 0;
  }
  return pos;
}

std::string_view skip_reply_codes(std::string_view s) {
  std::uint16_t code;
  std::string_view enh;
  if (std::size_t n = read_reply_codes(s, code, enh)) return s.substr(n);
  return s;
}

Stage stage_from_command(std::string_view c) {
  struct Name {
    std::string_view name;
    Stage stage;
  };
  static constexpr Name kNames[] = {
      {"RCPT TO", Stage::rcpt},          {"RCPT", Stage::rcpt},
      {"MAIL FROM", Stage::mail},        {"MAIL", Stage::mail},
      {"end of DATA", Stage::end_of_data}, {"END-OF-MESSAGE", Stage::end_of_data},
      {"end of data", Stage::end_of_data}, {"DATA", Stage::data},
      {"EHLO", Stage::ehlo},             {"HELO", Stage::helo},
      {"LHLO", Stage::ehlo},             {"CONNECT", Stage::connect},
      {"initial connection", Stage::connect}, {"BDAT", Stage::bdat},
      {"VRFY", Stage::vrfy},             {"ETRN", Stage::etrn},
      {"AUTH", Stage::auth},             {"STARTTLS", Stage::starttls},
      {"QUIT", Stage::quit},
  };
  for (const Name& n : kNames)
    if (iequals(c, n.name)) return n.stage;
  return Stage::unknown;
}

}  // namespace smtplog
