// graft/common/crypto.h: random bytes, hashing and encodings (OpenSSL-backed).
// Thread-safe. Functions throw Error(kInternal) only if the CSPRNG fails.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace graft {

// `n` bytes from a cryptographic source.
std::string RandomBytes(size_t n);
// Lowercase hex of `n` random bytes (2n characters).
std::string RandomHex(size_t n);

std::string Sha256(std::string_view data);        // raw 32 bytes
std::string Sha256Hex(std::string_view data);     // 64 hex chars
std::string HmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes

// SHA-256 of data given piece by piece (a file streamed through a buffer).
// Not copyable; one object per thread.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(std::string_view data);
  // 64 hex chars of everything given so far; call once, last.
  std::string HexDigest();

 private:
  void* ctx_;
};

std::string Hex(std::string_view raw);
std::string Base64UrlEncode(std::string_view raw);  // no padding
// Returns false on malformed input.
bool Base64UrlDecode(std::string_view text, std::string* out);

// Constant-time equality for secrets.
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace graft
