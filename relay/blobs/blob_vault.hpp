// Attachment bytes at rest: AES-256-GCM (OpenSSL EVP), a fresh 96-bit nonce
// per file, the attachment id as associated data (a blob cannot be swapped
// for another one's), written as a fsynced temp file that is renamed once its row has committed.
//
// File layout: "FOXB1" | nonce (12) | ciphertext | tag (16).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace foxo::relay::blobs {

using Key = std::array<std::uint8_t, 32>;

enum class BlobError { none, io, not_found, tampered, bad_key };
std::string_view to_string(BlobError e);

struct KeyResult {
  std::optional<Key> key;
  std::string error;    // operator-facing reason when key is empty
  bool created = false; // a new key file was written
};

// The key from FOXO_ATTACHMENT_KEY-style hex (64 hex digits) when given,
// otherwise from `key_file`, created with mode 0600 on first start.
KeyResult load_or_create_key(const std::string& key_file, const std::string& hex_key_or_empty);

// Where the vault keeps encrypted bytes when not in files under its
// directory (several relays on PostgreSQL share them there). Same discipline
// as the files: written uncommitted ("NAME.tmp"), published once the row
// naming it has committed, readable in either state.
class BlobStorage {
 public:
  virtual ~BlobStorage() = default;
  virtual bool write_uncommitted(const std::string& name, std::string_view encrypted) = 0;
  virtual bool publish(const std::string& name) = 0;
  virtual BlobError read(const std::string& name, std::string& encrypted) = 0;
  virtual void remove(const std::string& name) = 0;
};

class BlobVault {
 public:
  // `storage` (not owned) replaces the files under `dir` when given.
  BlobVault(std::string dir, Key key, BlobStorage* storage = nullptr);
  // Encrypts and stores `plain` (durably, as "NAME.tmp") under a relay-made
  // name; returns the relative path "NAME" to keep in the store, or nullopt
  // on an I/O failure. Call publish() once the row naming it has committed.
  std::optional<std::string> put(std::string_view attachment_id, std::string_view plain, BlobError* err = nullptr);
  // Renames a committed blob from its .tmp to its final name. Until then (or
  // if this fails) get() reads the .tmp; the start-up sweep finishes it.
  bool publish(std::string_view relative_path) const;
  // Reads and decrypts; a wrong tag (tampering, wrong key) is BlobError::tampered.
  BlobError get(std::string_view relative_path, std::string_view attachment_id, std::string& plain) const;
  // Removes the blob under its final and its .tmp name.
  void remove(std::string_view relative_path) const;
  const std::string& dir() const { return dir_; }

 private:
  BlobError decrypt(const std::string& data, std::string_view attachment_id, std::string& plain) const;
  std::string dir_;
  Key key_;
  BlobStorage* storage_ = nullptr;
};

}  // namespace foxo::relay::blobs
