// The attachment vault (blob_vault.hpp): the key file (made once, 0600),
// then put (encrypt, write a temp file, fsync), publish (rename once the row
// has committed), get/decrypt (the attachment id as associated data) and remove.
#include "blobs/blob_vault.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "core/aead.hpp"
#include "core/crypto.hpp"

namespace foxo::relay::blobs {
namespace {

// A file: the magic, the nonce, then the ciphertext and tag (core/aead.hpp).
constexpr std::string_view kMagic = "FOXB1";

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool fsync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Key> parse_hex_key(std::string_view hex) {
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' ')) hex.remove_suffix(1);
  if (hex.size() != 64) return std::nullopt;
  Key k{};
  for (std::size_t i = 0; i < 32; ++i) {
    const int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    k[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return k;
}

}  // namespace

std::string_view to_string(BlobError e) {
  switch (e) {
    case BlobError::none: return "none";
    case BlobError::io: return "io";
    case BlobError::not_found: return "not_found";
    case BlobError::tampered: return "tampered";
    case BlobError::bad_key: return "bad_key";
  }
  return "io";
}

KeyResult load_or_create_key(const std::string& key_file, const std::string& hex_key_or_empty) {
  KeyResult r;
  if (!hex_key_or_empty.empty()) {
    r.key = parse_hex_key(hex_key_or_empty);
    if (!r.key) r.error = "the attachment key must be 64 hexadecimal digits (32 bytes)";
    return r;
  }
  const int fd = ::open(key_file.c_str(), O_RDONLY);
  if (fd >= 0) {
    struct stat st {};
    ::fstat(fd, &st);
    char buf[130];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    if ((st.st_mode & 077) != 0) {
      r.error = key_file + " is readable by other users; run: chmod 600 " + key_file;
      return r;
    }
    r.key = n > 0 ? parse_hex_key(std::string_view(buf, static_cast<std::size_t>(n))) : std::nullopt;
    if (!r.key) r.error = key_file + " does not hold a 64-hex-digit key";
    return r;
  }
  if (errno != ENOENT) {
    r.error = "cannot read " + key_file;
    return r;
  }
  // First start: a new random key, readable by the relay's user only.
  const auto bytes = random_bytes(32);
  Key k{};
  std::copy(bytes.begin(), bytes.end(), k.begin());
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (auto b : k) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  hex += '\n';
  const int out = ::open(key_file.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (out < 0 || !write_all(out, hex.data(), hex.size()) || ::fsync(out) != 0) {
    if (out >= 0) ::close(out);
    r.error = "cannot create " + key_file;
    return r;
  }
  ::close(out);
  fsync_dir(std::filesystem::path(key_file).parent_path().string());
  r.key = k;
  r.created = true;
  return r;
}

BlobVault::BlobVault(std::string dir, Key key, BlobStorage* storage)
    : dir_(std::move(dir)), key_(key), storage_(storage) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  ::chmod(dir_.c_str(), 0700);
}

std::optional<std::string> BlobVault::put(std::string_view attachment_id, std::string_view plain, BlobError* err) {
  auto fail = [&](BlobError e) -> std::optional<std::string> {
    if (err) *err = e;
    return std::nullopt;
  };
  const auto nonce = random_bytes(aead::kNonceBytes);
  const std::string_view n(reinterpret_cast<const char*>(nonce.data()), nonce.size());
  std::string out(kMagic);
  out.append(n);
  if (!aead::seal(key_, n, attachment_id, plain, out)) return fail(BlobError::io);

  // Server-made name: random, unrelated to the client's file name. The bytes
  // go to NAME.tmp (fsynced, and the directory too) and keep that name until
  // the attachment row has committed; publish() then renames it. So a crash
  // before the commit leaves only a .tmp no row names, which the start-up
  // sweep deletes, and never a complete-looking orphan.
  const std::string name = random_token(128) + ".blob";
  if (storage_) {
    if (!storage_->write_uncommitted(name, out)) return fail(BlobError::io);
    if (err) *err = BlobError::none;
    return name;
  }
  const std::string path = dir_ + "/" + name, tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return fail(BlobError::io);
  const bool ok = write_all(fd, out.data(), out.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || !fsync_dir(dir_)) {
    ::unlink(tmp.c_str());
    return fail(BlobError::io);
  }
  if (err) *err = BlobError::none;
  return name;
}

bool BlobVault::publish(std::string_view relative_path) const {
  if (relative_path.find('/') != std::string_view::npos) return false;
  if (storage_) return storage_->publish(std::string(relative_path));
  const std::string path = dir_ + "/" + std::string(relative_path);
  return ::rename((path + ".tmp").c_str(), path.c_str()) == 0 && fsync_dir(dir_);
}

BlobError BlobVault::get(std::string_view relative_path, std::string_view attachment_id, std::string& plain) const {
  if (relative_path.find('/') != std::string_view::npos || relative_path.find("..") != std::string_view::npos)
    return BlobError::not_found;
  std::string data;
  if (storage_) {
    if (const auto e = storage_->read(std::string(relative_path), data); e != BlobError::none) return e;
    return decrypt(data, attachment_id, plain);
  }
  const std::string path = dir_ + "/" + std::string(relative_path);
  int fd = ::open(path.c_str(), O_RDONLY);
  // Committed but not yet published (see put): the complete .tmp. Tried once
  // more under the final name in case publish() renamed it in between.
  if (fd < 0 && errno == ENOENT) fd = ::open((path + ".tmp").c_str(), O_RDONLY);
  if (fd < 0 && errno == ENOENT) fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return errno == ENOENT ? BlobError::not_found : BlobError::io;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return BlobError::io;
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return decrypt(data, attachment_id, plain);
}

BlobError BlobVault::decrypt(const std::string& data, std::string_view attachment_id, std::string& plain) const {
  plain.clear();  // never hand out unauthenticated bytes
  const std::string_view d(data);
  if (d.size() < kMagic.size() + aead::kNonceBytes + aead::kTagBytes || !d.starts_with(kMagic))
    return BlobError::tampered;
  auto opened = aead::open(key_, d.substr(kMagic.size(), aead::kNonceBytes), attachment_id,
                           d.substr(kMagic.size() + aead::kNonceBytes));
  if (!opened) return BlobError::tampered;
  plain = std::move(*opened);
  return BlobError::none;
}

void BlobVault::remove(std::string_view relative_path) const {
  if (relative_path.find('/') != std::string_view::npos) return;
  if (storage_) return storage_->remove(std::string(relative_path));
  const std::string path = dir_ + "/" + std::string(relative_path);
  ::unlink(path.c_str());
  ::unlink((path + ".tmp").c_str());
}

}  // namespace foxo::relay::blobs
