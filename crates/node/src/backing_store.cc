// Holds a reference to an ArrayBuffer's V8 backing store, so that the memory
// of a JS exporter stays allocated while a view of it exists -- also after
// the JS environment that made it is torn down (a worker exits) or the
// ArrayBuffer is detached. See env.rs, which uses it.
//
// N-API has no call for this: it can keep the ArrayBuffer object alive
// (napi_ref), but the environment's teardown frees every object's memory
// regardless. V8 gives the memory out as a reference-counted
// std::shared_ptr<v8::BackingStore>; holding one keeps the memory until it
// is dropped, on any thread (Node gives its isolates a shared allocator for
// this, which is how SharedArrayBuffers outlive the worker that made them).
//
// This file declares the three V8 methods it calls itself, with the
// signatures <v8.h> gives them (their mangled names depend on nothing
// else), instead of including <v8.h>: building the addon needs no Node
// headers. The host process (node) defines them. They are referenced
// weakly, so that a program without V8 -- cargo's unit-test binary --
// still links and finds them NULL; pybuffer_backing_store_retain then
// returns NULL and the caller goes without.
//
// A napi_value is V8's v8::Local<v8::Value> (N-API converts between them
// bit for bit), and a Local's operator-> yields its handle address as the
// object pointer, so the napi_value is the `this` of these methods.
//
// Built with -fno-exceptions and -fno-rtti, using no library code but the
// inline parts of <memory>: nothing here throws, and the addon needs no
// libstdc++ of its own (node has it loaded, with the same shared_ptr).

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

#define PYBUFFER_WEAK __attribute__((weak))

namespace v8 {
class BackingStore {
 public:
  PYBUFFER_WEAK void* Data() const;
  PYBUFFER_WEAK size_t ByteLength() const;
};
class ArrayBuffer {
 public:
  PYBUFFER_WEAK std::shared_ptr<BackingStore> GetBackingStore();
};
class SharedArrayBuffer {
 public:
  PYBUFFER_WEAK std::shared_ptr<BackingStore> GetBackingStore();
};
}  // namespace v8

// The same four symbols as plain addresses, to test whether the host
// defines them (a pointer to a member function is never NULL).
extern "C" {
extern const char pybuffer_v8_array_buffer_get __asm__("_ZN2v811ArrayBuffer15GetBackingStoreEv") PYBUFFER_WEAK;
extern const char pybuffer_v8_shared_array_buffer_get __asm__("_ZN2v817SharedArrayBuffer15GetBackingStoreEv") PYBUFFER_WEAK;
extern const char pybuffer_v8_backing_store_data __asm__("_ZNK2v812BackingStore4DataEv") PYBUFFER_WEAK;
extern const char pybuffer_v8_backing_store_length __asm__("_ZNK2v812BackingStore10ByteLengthEv") PYBUFFER_WEAK;
}

using Held = std::shared_ptr<v8::BackingStore>;

extern "C" {

// Whether the host defines the V8 methods (it does when it is node).
int pybuffer_backing_store_available(void) {
  return &pybuffer_v8_array_buffer_get != nullptr && &pybuffer_v8_shared_array_buffer_get != nullptr &&
         &pybuffer_v8_backing_store_data != nullptr && &pybuffer_v8_backing_store_length != nullptr;
}

// A new reference to the backing store of `buffer` (an ArrayBuffer when
// `shared` is 0, a SharedArrayBuffer otherwise), and its memory in *data and
// *length. NULL when the V8 methods are unavailable or memory runs out.
//
// Must run on the JS thread that owns `buffer`, inside a handle scope (any
// N-API callback).
void* pybuffer_backing_store_retain(void* buffer, int shared, void** data, size_t* length) {
  if (!pybuffer_backing_store_available()) return nullptr;
  void* slot = std::malloc(sizeof(Held));
  if (slot == nullptr) return nullptr;
  Held* held = shared ? new (slot) Held(static_cast<v8::SharedArrayBuffer*>(buffer)->GetBackingStore())
                      : new (slot) Held(static_cast<v8::ArrayBuffer*>(buffer)->GetBackingStore());
  *data = (*held)->Data();
  *length = (*held)->ByteLength();
  return held;
}

// Drops a reference made by pybuffer_backing_store_retain; the last one
// frees the memory. Any thread.
void pybuffer_backing_store_release(void* handle) {
  if (handle == nullptr) return;
  Held* held = static_cast<Held*>(handle);
  held->~Held();
  std::free(held);
}

}  // extern "C"
