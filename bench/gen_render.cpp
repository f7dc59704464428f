// The writer keeps `concurrency` copies in flight and picks one at random for
// each line, so a message's lines are spread among others' as in a real log.
// Fresh values are made on first use within a copy and reused for the rest of
// it: the bounce notice names the queue id its message got, the reply text
// names the recipient the delivery line names. The clock is adjusted every few
// thousand lines from the bytes written so far, so the last line lands close
// to start + days whatever the rendered line lengths.
#include "bench/gen_render.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace smtplog::bench {
namespace {

constexpr char kBase62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// Postfix's long queue ids (enable_long_queue_ids): no vowels, 'z' separates the inode.
constexpr char kPostfix52[] = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  int y;
  unsigned m, d;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2)), m, d};
}

void put2(std::string& o, unsigned v) {
  o += static_cast<char>('0' + v / 10 % 10);
  o += static_cast<char>('0' + v % 10);
}

void put_digits(std::string& o, std::uint64_t v, int n) {
  char b[20];
  for (int i = n - 1; i >= 0; --i, v /= 10) b[i] = static_cast<char>('0' + v % 10);
  o.append(b, static_cast<std::size_t>(n));
}

void put_base(std::string& o, std::uint64_t v, int width, const char* digits, unsigned base) {
  char b[24];
  int n = 0;
  do {
    b[n++] = digits[v % base];
    v /= base;
  } while (v && n < 24);
  while (n < width) b[n++] = digits[0];
  while (n) o += b[--n];
}

void put_hex(std::string& o, std::uint64_t v, int width) { put_base(o, v, width, kBase62, 16); }

// The time as the template line wrote it (its style, its UTC offset).
void put_time(std::string& o, std::int64_t utc_us, const TimeStyle& st) {
  std::int64_t local_us = utc_us + std::int64_t(st.offset_minutes) * 60'000'000;
  std::int64_t secs = local_us / 1'000'000, us = local_us % 1'000'000;
  std::int64_t days = secs / 86400, sod = secs % 86400;
  Civil c = civil_from_days(days);
  unsigned h = unsigned(sod / 3600), mi = unsigned(sod / 60 % 60), s = unsigned(sod % 60);
  auto clock = [&] {
    put2(o, h);
    o += ':';
    put2(o, mi);
    o += ':';
    put2(o, s);
  };
  auto frac = [&] {
    if (st.frac <= 0) return;
    o += '.';
    std::uint64_t v = static_cast<std::uint64_t>(us);
    for (int i = st.frac; i < 6; ++i) v /= 10;
    put_digits(o, v, std::min(st.frac, 6));
    for (int i = 6; i < st.frac; ++i) o += '0';
  };
  auto date = [&](char sep) {
    put_digits(o, static_cast<std::uint64_t>(c.y), 4);
    o += '-';
    put2(o, c.m);
    o += '-';
    put2(o, c.d);
    o += sep;
  };
  unsigned off = static_cast<unsigned>(std::abs(st.offset_minutes));
  switch (st.stamp) {
    case Stamp::bsd:
      o += kMonths[c.m - 1];
      o += ' ';
      o += c.d < 10 ? ' ' : static_cast<char>('0' + c.d / 10);
      o += static_cast<char>('0' + c.d % 10);
      o += ' ';
      clock();
      break;
    case Stamp::rfc3339:
      date('T');
      clock();
      frac();
      if (st.zone) {
        o += st.offset_minutes < 0 ? '-' : '+';
        put2(o, off / 60);
        o += ':';
        put2(o, off % 60);
      }
      break;
    case Stamp::exim:
      date(' ');
      clock();
      frac();
      if (st.zone) {
        o += st.offset_minutes < 0 ? " -" : " +";
        put2(o, off / 60);
        put2(o, off % 60);
      }
      break;
    case Stamp::none:
      break;
  }
}

// One copy of a group in flight.
struct Copy {
  const Group* group = nullptr;
  std::size_t next = 0;
  std::uint64_t serial = 0;
  std::vector<std::string> values[kSlotKinds];  // per key; empty until first used

  void start(const Group* g, std::uint64_t n) {
    group = g;
    next = 0;
    serial = n;
    for (int k = 0; k < kSlotKinds; ++k) {
      values[k].resize(g->keys[k]);
      for (std::string& v : values[k]) v.clear();
    }
  }
};

class Writer {
 public:
  Writer(const WriteOptions& opt, std::FILE* out)
      : opt_(opt), out_(out), rng_(opt.seed), pools_(rng_, opt.pools) {
    buf_.reserve(2 << 20);
    inode_ = 0x100000 + rng_.below(0x100000);
  }

  void line(Copy& c) {
    const TemplateLine& tl = c.group->lines[c.next++];
    std::size_t before = buf_.size();
    for (const Piece& p : tl.pieces) {
      if (p.slot == Slot::text) {
        buf_.append(tl.text, p.a, p.b);
      } else if (p.slot == Slot::time) {
        put_time(buf_, now_us_, tl.time);
      } else {
        std::string& v = c.values[static_cast<int>(p.slot)][p.a];
        if (v.empty()) v = make(c, p.slot, p.a);
        buf_ += v;
      }
    }
    buf_ += '\n';
    stats_.bytes += buf_.size() - before;
    ++stats_.lines;
    if (buf_.size() >= (1 << 20)) flush();
  }

  void run(const Templates& t) {
    const std::int64_t start_us = opt_.start * 1'000'000;
    const std::int64_t end_us = start_us + static_cast<std::int64_t>(opt_.days * 86400e6);
    now_us_ = start_us;
    stats_.first_time = opt_.start;
    Copy header;
    for (const Group& g : t.header) {
      header.start(&g, copies_++);
      while (header.next < g.lines.size()) line(header);
    }
    if (t.groups.empty()) return finish();
    double avg = t.bytes > 0 && t.lines > 0 ? double(t.bytes) / double(t.lines) : 200.0;
    double step = double(end_us - start_us) / std::max(1.0, double(opt_.size) / avg);
    std::vector<Copy> slots(static_cast<std::size_t>(std::max(1, opt_.concurrency)));
    while (stats_.bytes < opt_.size) {
      Copy& c = slots[rng_.below(slots.size())];
      if (!c.group || c.next >= c.group->lines.size()) c.start(&t.groups[rng_.below(t.groups.size())], copies_++);
      now_us_ += static_cast<std::int64_t>(rng_.below(static_cast<std::uint64_t>(2 * step) + 1));
      line(c);
      if ((stats_.lines & 4095) == 0 && stats_.bytes < opt_.size) {  // re-aim at the end time
        double per_line = double(stats_.bytes) / double(stats_.lines);
        double left = double(opt_.size - stats_.bytes) / per_line;
        step = std::max(0.0, double(end_us - now_us_) / std::max(1.0, left));
      }
    }
    finish();
  }

  WriteStats stats() const { return stats_; }

 private:
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), out_) != buf_.size())
      stats_.write_error = true;
    buf_.clear();
  }
  void finish() {
    flush();
    stats_.last_time = now_us_ / 1'000'000;
    stats_.copies = copies_;
  }

  std::string make(const Copy& c, Slot slot, std::uint32_t key) {
    std::string v;
    switch (slot) {
      case Slot::pid: {
        const PidKey& pk = c.group->pids[key];
        std::uint64_t n = pk.exim ? rng_.next()
                          : pk.long_lived ? mix(pk.original)
                                          : mix(pk.original ^ ((c.serial / 500 + 1) << 20));
        return std::to_string(300 + n % 4'000'000);  // Linux pid_max is 4194304
      }
      case Slot::id: return make_id(c.group->ids[key]);
      case Slot::local: return c.group->own_local[key] ? pools_.own_user(rng_) : pools_.local_part(rng_);
      case Slot::domain: return pools_.domain(rng_);
      case Slot::ip: return pools_.ip(rng_);
      case Slot::message_id: {
        std::int64_t s = now_us_ / 1'000'000;
        Civil d = civil_from_days(s / 86400);
        put_digits(v, static_cast<std::uint64_t>(d.y), 4);
        put2(v, d.m);
        put2(v, d.d);
        put_digits(v, static_cast<std::uint64_t>(s % 86400 / 3600 * 10000 + s % 3600 / 60 * 100 + s % 60), 6);
        v += '.';
        put_hex(v, rng_.next() & 0xFFFFFFFFFFULL, 10);
        v += '@';
        v += pools_.domain(rng_);
        return v;
      }
      case Slot::remote_id: put_hex(v, rng_.next() & 0xFFFFFFFFFFFULL, 11); return v;
      case Slot::text:
      case Slot::time: break;
    }
    return v;
  }

  std::string make_id(IdKind kind) {
    std::string v;
    std::uint64_t secs = static_cast<std::uint64_t>(now_us_ / 1'000'000), us = static_cast<std::uint64_t>(now_us_ % 1'000'000);
    inode_ = (inode_ + 1 + rng_.below(3)) & 0xFFFFFFF;
    switch (kind) {
      case IdKind::postfix_short:  // microseconds (5 hex digits), then the inode number
        put_hex(v, us, 5);
        put_hex(v, inode_, 1);
        break;
      case IdKind::postfix_long:  // seconds and microseconds in base 52, 'z', inode in base 51
        put_base(v, secs, 6, kPostfix52, 52);
        put_base(v, us, 4, kPostfix52, 52);
        v += 'z';
        put_base(v, inode_, 1, kPostfix52, 51);
        break;
      case IdKind::exim: {  // time - pid - fraction of a second, base 62
        std::uint64_t pid = 300 + (exim_pid_ = (exim_pid_ + 1 + rng_.below(7)) % 4'000'000);
        put_base(v, secs, 6, kBase62, 62);
        v += '-';
        if (opt_.exim_new_ids) {
          put_base(v, pid, 11, kBase62, 62);
          v += '-';
          put_base(v, us / 300, 4, kBase62, 62);  // 4.97+: a finer fraction
        } else {
          put_base(v, pid, 6, kBase62, 62);
          v += '-';
          put_base(v, us / 500, 2, kBase62, 62);  // id_resolution 500 us
        }
        break;
      }
    }
    return v;
  }

  const WriteOptions& opt_;
  std::FILE* out_;
  Rng rng_;
  Pools pools_;
  std::string buf_;
  WriteStats stats_;
  std::int64_t now_us_ = 0;
  std::uint64_t copies_ = 0, inode_ = 0, exim_pid_ = 0;
};

}  // namespace

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

WriteStats write_log(const Templates& templates, const WriteOptions& opt, std::FILE* out) {
  Writer w(opt, out);
  w.run(templates);
  return w.stats();
}

}  // namespace smtplog::bench
