// Starts Debian's nginx (non-daemon, its own temp prefix, pid and logs, a free
// loopback port) in front of relays, with the shipped
// deploy/nginx/foxo-locations.conf inside its server block. Stops it on
// destruction (SIGTERM, nginx's fast shutdown: a graceful one would wait for
// open event streams; then SIGKILL).
#pragma once
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace foxo::test {

inline const char* kNginxBinary = "/usr/sbin/nginx";

// A port nothing listens on right now (bound to 0, then released).
inline int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("no free port");
  }
  const int port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

class NginxProcess {
 public:
  // `locations`: the file included in the server block; `upstream_ports`: the relays.
  NginxProcess(const std::string& locations, const std::vector<int>& upstream_ports) {
    char tmpl[] = "/tmp/foxo-nginx-XXXXXX";
    const char* d = mkdtemp(tmpl);
    if (!d) throw std::runtime_error("mkdtemp failed");
    prefix_ = d;
    // Workers may run as another user when the test runs as root: let them write temp files.
    ::chmod(prefix_.c_str(), 0755);
    std::filesystem::create_directories(prefix_ + "/tmp");
    ::chmod((prefix_ + "/tmp").c_str(), 0777);
    port_ = free_loopback_port();
    std::ofstream conf(prefix_ + "/nginx.conf");
    conf << "daemon off;\nworker_processes 1;\npid " << prefix_ << "/nginx.pid;\nerror_log " << prefix_
         << "/error.log info;\nevents { worker_connections 512; }\nhttp {\n  access_log " << prefix_
         << "/access.log;\n";
    for (const char* t : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
      conf << "  " << t << "_temp_path " << prefix_ << "/tmp/" << t << ";\n";
    conf << "  upstream foxo_relays {\n    least_conn;\n";
    for (int p : upstream_ports) conf << "    server 127.0.0.1:" << p << ";\n";
    conf << "    keepalive 16;\n  }\n  server {\n    listen 127.0.0.1:" << port_ << ";\n    include " << locations
         << ";\n  }\n}\n";
    conf.close();
    pid_ = fork();
    if (pid_ == 0) {
      const int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      const std::string conf_path = prefix_ + "/nginx.conf", err = prefix_ + "/error.log";
      execl(kNginxBinary, kNginxBinary, "-p", prefix_.c_str(), "-c", conf_path.c_str(), "-e", err.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    // nginx prints no ready line: try to connect until it accepts (deadline 15 s).
    for (int i = 0; i < 1500; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("nginx exited: " + error_log());
      }
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      a.sin_port = htons(static_cast<std::uint16_t>(port_));
      const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
      ::close(fd);
      if (up) return;
      // No event to wait on across processes: poll the port.
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    stop();
    throw std::runtime_error("nginx did not listen within 15 s: " + error_log());
  }
  ~NginxProcess() {
    stop();
    std::error_code ec;
    std::filesystem::remove_all(prefix_, ec);
  }
  NginxProcess(const NginxProcess&) = delete;

  int port() const { return port_; }
  std::string error_log() const { return read(prefix_ + "/error.log"); }
  std::string access_log() const { return read(prefix_ + "/access.log"); }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  static std::string read(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  std::string prefix_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace foxo::test
