// The HTML report in a real browser: headless Chromium (Debian's `chromium`
// package) opens the report of the samples, and the test asserts that the
// charts drew:
//   1. a wrapper page loads the report, unchanged, in an iframe and writes each
//      SVG's getBoundingClientRect() size into its own DOM, which --dump-dom
//      prints (the report's Content-Security-Policy forbids scripts in the
//      report itself, so the measuring script lives in the wrapper);
//   2. a screenshot of the report is decoded (PNG, with zlib) and must hold
//      pixels of the chart colours.
// Without chromium the test says so and passes; CI installs it.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>

#include "analyzer/report_svg.h"
#include "report_fixture.h"

using namespace smtplog;
using namespace smtplog::test;

namespace {

std::string find_chromium() {
  if (const char* env = std::getenv("SMTPLOG_CHROMIUM"); env && *env) return env;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    for (const char* name : {"chromium", "chromium-browser"}) {
      std::filesystem::path p = std::filesystem::path(dir) / name;
      if (::access(p.c_str(), X_OK) == 0) return p.string();
    }
  return {};
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs chromium headless with `extra` flags on `url`; stdout to `out`.
int chromium(const std::string& exe, const TempDir& dir, const std::string& extra, const std::string& url,
             const std::filesystem::path& out) {
  std::string cmd = "timeout 120 " + shell_quote(exe) +
                    " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
                    " --disable-background-networking --disable-component-update --disable-sync"
                    " --user-data-dir=" + shell_quote((dir / "profile").string()) + " " + extra + " " +
                    shell_quote(url) + " > " + shell_quote(out.string()) + " 2> " +
                    shell_quote((dir / "chromium.err").string());
  return std::system(cmd.c_str());
}

struct Image {
  std::uint32_t width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // 3 bytes per pixel
};

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

// A minimal PNG decoder: 8-bit RGB or RGBA, not interlaced (what Chromium writes).
bool decode_png(const std::string& png, Image& img, std::string& error) {
  if (png.size() < 33 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return error = "not a PNG", false;
  std::string idat;
  int channels = 0;
  for (std::size_t at = 8; at + 8 <= png.size();) {
    std::uint32_t len = be32(png, at);
    std::string type = png.substr(at + 4, 4);
    if (at + 12 + len > png.size()) return error = "truncated chunk", false;
    if (type == "IHDR") {
      img.width = be32(png, at + 8);
      img.height = be32(png, at + 12);
      int depth = std::uint8_t(png[at + 16]), color = std::uint8_t(png[at + 17]);
      int interlace = std::uint8_t(png[at + 20]);
      if (depth != 8 || (color != 2 && color != 6) || interlace) return error = "unsupported PNG format", false;
      channels = color == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, len);
    } else if (type == "IEND") {
      break;
    }
    at += 12 + len;
  }
  if (!channels || img.width == 0 || img.height == 0 || img.width > 10000 || img.height > 20000)
    return error = "bad PNG header", false;
  const std::size_t stride = std::size_t(img.width) * channels;
  std::vector<std::uint8_t> raw((stride + 1) * img.height);
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      raw_len != raw.size())
    return error = "cannot inflate PNG data", false;
  std::vector<std::uint8_t> prev(stride, 0), cur(stride);
  img.rgb.resize(std::size_t(img.width) * img.height * 3);
  for (std::uint32_t y = 0; y < img.height; ++y) {
    const std::uint8_t* line = &raw[y * (stride + 1)];
    const int filter = line[0];
    for (std::size_t x = 0; x < stride; ++x) {
      int a = x >= std::size_t(channels) ? cur[x - channels] : 0, b = prev[x];
      int c = x >= std::size_t(channels) ? prev[x - channels] : 0;
      int v = line[1 + x];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) / 2; break;
        case 4: {
          int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return error = "bad PNG filter", false;
      }
      cur[x] = static_cast<std::uint8_t>(v);
    }
    for (std::uint32_t x = 0; x < img.width; ++x)
      for (int k = 0; k < 3; ++k) img.rgb[(std::size_t(y) * img.width + x) * 3 + k] = cur[x * channels + k];
    std::swap(prev, cur);
  }
  return true;
}

std::size_t pixels_of(const Image& img, const char* hex) {
  unsigned r = 0, g = 0, b = 0;
  std::sscanf(hex, "#%02x%02x%02x", &r, &g, &b);
  std::size_t n = 0;
  for (std::size_t i = 0; i + 2 < img.rgb.size(); i += 3)
    n += std::abs(img.rgb[i] - int(r)) < 8 && std::abs(img.rgb[i + 1] - int(g)) < 8 && std::abs(img.rgb[i + 2] - int(b)) < 8;
  return n;
}

constexpr const char* kWrapper = R"(<!DOCTYPE html>
<html><body><iframe id="report" src="report.html" style="width:1200px;height:4000px"></iframe>
<pre id="sizes">not measured</pre>
<script>
window.addEventListener('load', function () {
  var doc = document.getElementById('report').contentDocument, lines = [];
  if (!doc) lines.push('NO-ACCESS');
  else doc.querySelectorAll('svg').forEach(function (s) {
    var r = s.getBoundingClientRect();
    lines.push('SVG ' + s.id + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) +
               ' rects=' + s.querySelectorAll('rect').length);
  });
  document.getElementById('sizes').textContent = lines.join('\n');
});
</script></body></html>
)";

}  // namespace

TEST_CASE("the HTML report's charts draw in headless Chromium", "[report][html][chromium]") {
  const std::string exe = find_chromium();
  if (exe.empty()) {
    WARN("SKIPPED: chromium is not installed, so the HTML report was not opened in a browser "
         "(apt-get install -y chromium, or set SMTPLOG_CHROMIUM to its path)");
    return;
  }
  SampleDb db(golden_samples());
  TempDir dir;
  {
    Store store = db.open();
    ReportOptions ro;
    ReportData d = load_report(store, embedded_catalogue(), ro);
    std::ostringstream html;
    render_html(d, html);
    write_file(dir / "report.html", html.str());
  }
  write_file(dir / "wrapper.html", kWrapper);

  // 1. The SVG elements have a size in the laid-out page.
  chromium(exe, dir, "--allow-file-access-from-files --dump-dom", "file://" + (dir / "wrapper.html").string(),
           dir / "dom.html");
  const std::string dom = read_file(dir / "dom.html");
  INFO("chromium stderr: " << read_file(dir / "chromium.err").substr(0, 2000));
  INFO("DOM: " << dom.substr(0, 2000));
  std::map<std::string, std::pair<int, int>> sizes;
  std::map<std::string, int> rects;
  const std::regex line(R"(SVG (chart-[a-z]+) (\d+)x(\d+) rects=(\d+))");
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), line); it != std::sregex_iterator(); ++it) {
    sizes[(*it)[1]] = {std::stoi((*it)[2]), std::stoi((*it)[3])};
    rects[(*it)[1]] = std::stoi((*it)[4]);
  }
  REQUIRE(sizes.count("chart-timeline") == 1);
  REQUIRE(sizes.count("chart-problems") == 1);
  for (const auto& [id, wh] : sizes) {
    INFO(id);
    CHECK(wh.first > 300);
    CHECK(wh.second > 100);
    CHECK(rects[id] > 0);
  }

  // 2. The screenshot holds the charts' colours.
  chromium(exe, dir, "--hide-scrollbars --window-size=1200,2400 --screenshot=" + shell_quote((dir / "shot.png").string()),
           "file://" + (dir / "report.html").string(), dir / "shot.out");
  const std::string png = read_file(dir / "shot.png");
  REQUIRE(png.size() > 10000);
  Image img;
  std::string error;
  REQUIRE(decode_png(png, img, error));
  INFO(error);
  CHECK(img.width == 1200);
  // Bars in the timeline (delivered, deferred) and the problems chart (bounced red).
  CHECK(pixels_of(img, outcome_color("sent")) > 500);
  CHECK(pixels_of(img, outcome_color("deferred")) > 500);
  CHECK(pixels_of(img, outcome_color("bounced")) > 500);
}
