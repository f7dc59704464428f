// SVG is written as text with integer-ish coordinates (one decimal), so the
// output is deterministic and diffable in golden tests. Text from logs can
// reach a chart only through problem titles (catalogue names or entry ids),
// and goes through html_escape() like everything else in the page.
#include "analyzer/report_svg.h"

#include <algorithm>
#include <cstdio>

#include "analyzer/report_words.h"
#include "analyzer/sanitize.h"

namespace smtplog {
namespace {

constexpr int kWidth = 1000;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s;
}

// A round axis step (1, 2 or 5 times a power of ten) giving at most 5 ticks.
std::int64_t nice_step(std::int64_t max) {
  std::int64_t step = 1;
  while (true) {
    for (std::int64_t m : {1, 2, 5})
      if (max <= m * step * 5) return m * step;
    step *= 10;
  }
}

std::string rect(double x, double y, double w, double h, const char* fill, const std::string& title) {
  return "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
         "\" fill=\"" + fill + "\"><title>" + title + "</title></rect>";
}

std::string text(double x, double y, const std::string& s, const char* anchor = "start",
                 const char* cls = nullptr) {
  return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\"" +
         (cls ? std::string(" class=\"") + cls + "\"" : std::string()) + ">" + s + "</text>";
}

std::string open_svg(const char* id, int height, const std::string& label) {
  return "<svg id=\"" + std::string(id) + "\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
         "viewBox=\"0 0 " + std::to_string(kWidth) + " " + std::to_string(height) + "\" width=\"" +
         std::to_string(kWidth) + "\" height=\"" + std::to_string(height) +
         "\" role=\"img\" aria-label=\"" + html_escape(label) + "\">";
}

const char* kStacked[] = {"sent", "deferred", "bounced", "expired", "rejected"};

}  // namespace

const char* outcome_color(const std::string& o) {
  if (o == "sent") return "#2e7d32";
  if (o == "deferred") return "#e69f00";
  if (o == "bounced") return "#c62828";
  if (o == "expired") return "#6a1b9a";
  if (o == "rejected") return "#546e7a";
  if (o == "received") return "#1565c0";
  return "#9e9e9e";
}

std::string svg_timeline(const ReportData& d) {
  const int height = 300, left = 70, right = 20, top = 15, bottom = 45;
  const double plot_w = kWidth - left - right, plot_h = height - top - bottom;
  auto get = [](const Bucket& b, const char* o) {
    auto it = b.outcomes.find(o);
    return it == b.outcomes.end() ? std::int64_t{0} : it->second;
  };
  std::int64_t max = 0;
  for (const Bucket& b : d.timeline) {
    std::int64_t stack = 0;
    for (const char* o : kStacked) stack += get(b, o);
    max = std::max({max, stack, get(b, "received")});
  }
  const std::int64_t step = nice_step(std::max<std::int64_t>(max, 1));
  const std::int64_t top_value = std::max<std::int64_t>(step, (max + step - 1) / step * step);
  auto y_of = [&](double v) { return top + plot_h - plot_h * v / static_cast<double>(top_value); };

  std::string s = open_svg("chart-timeline", height, "Outcomes per " + d.granularity);
  for (std::int64_t v = 0; v <= top_value; v += step) {
    double y = y_of(static_cast<double>(v));
    s += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(kWidth - right) + "\" y2=\"" +
         num(y) + "\" class=\"grid\"/>";
    s += text(left - 8, y + 4, grouped(v), "end", "axis");
  }
  const std::size_t n = d.timeline.size();
  if (n == 0) s += text(kWidth / 2.0, height / 2.0, "no data in this window", "middle", "axis");
  const double slot = n ? plot_w / static_cast<double>(n) : plot_w;
  const double bar = std::max(1.0, slot * 0.8);
  const char* fmt = d.granularity == "hour" ? "%m-%d %H:00" : d.granularity == "day" ? "%m-%d" : "%Y-%m";
  const std::size_t label_every = std::max<std::size_t>(1, (n + 11) / 12);
  std::string line;
  for (std::size_t i = 0; i < n; ++i) {
    const Bucket& b = d.timeline[i];
    const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
    const std::string when = local_time(b.start, d.granularity == "hour" ? "%Y-%m-%d %H:00" : fmt);
    double base = 0;
    for (const char* o : kStacked) {
      std::int64_t v = get(b, o);
      if (!v) continue;
      double y0 = y_of(base), y1 = y_of(base + static_cast<double>(v));
      s += rect(x, y1, bar, y0 - y1, outcome_color(o), when + ": " + outcome_label(o) + " " + grouped(v));
      base += static_cast<double>(v);
    }
    // Received as a step line over the bars: visible even with one bucket.
    const std::string ry = num(y_of(static_cast<double>(get(b, "received"))));
    line += (line.empty() ? "" : " ") + num(x) + "," + ry + " " + num(x + bar) + "," + ry;
    if (i % label_every == 0) s += text(x + bar / 2, height - bottom + 18, local_time(b.start, fmt), "middle", "axis");
  }
  if (n > 0)
    s += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"" + outcome_color("received") +
         "\" stroke-width=\"2\"><title>received</title></polyline>";
  s += "<line x1=\"" + num(left) + "\" y1=\"" + num(y_of(0)) + "\" x2=\"" + num(kWidth - right) +
       "\" y2=\"" + num(y_of(0)) + "\" class=\"axisline\"/>";
  return s + "</svg>";
}

std::string svg_problems(const ReportData& d) {
  const int row = 30, top = 10, label_w = 380, count_w = 90;
  const int height = top * 2 + row * static_cast<int>(std::max<std::size_t>(d.problems.size(), 1));
  const double bar_w = kWidth - label_w - count_w;
  std::int64_t max = 1;
  for (const Problem& p : d.problems) max = std::max(max, p.count);
  std::string s = open_svg("chart-problems", height, "Top problems by impact");
  if (d.problems.empty()) s += text(kWidth / 2.0, top + row / 2.0 + 5, "no problems in this window", "middle", "axis");
  int rank = 0;
  for (const Problem& p : d.problems) {
    const double y = top + row * rank;
    ++rank;
    std::string title = printable(problem_title(p));
    std::string label = std::to_string(rank) + ". " + html_escape(clip(title, 44));
    s += text(label_w - 10, y + row / 2.0 + 5, label, "end", "label");
    double x = label_w;
    const std::int64_t other = p.count - p.permanent - p.transient;
    const std::pair<std::int64_t, const char*> parts[] = {
        {p.permanent, "permanent"}, {p.transient, "transient"}, {other, "other"}};
    for (const auto& [v, cls] : parts) {
      if (v <= 0) continue;
      double w = std::max(1.0, bar_w * static_cast<double>(v) / static_cast<double>(max));
      const char* fill = cls[0] == 'p' ? "#c62828" : cls[0] == 't' ? "#e69f00" : "#9e9e9e";
      s += rect(x, y + 5, w, row - 10, fill, html_escape(title) + ": " + grouped(v) + " " + cls);
      x += w;
    }
    s += text(x + 8, y + row / 2.0 + 5, grouped(p.count), "start", "axis");
  }
  return s + "</svg>";
}

}  // namespace smtplog
