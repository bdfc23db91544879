#pragma once
// An allocator for large lookup tables read at random (fb-enrich's join index and arena): blocks of
// 1 MiB or more are 2 MiB aligned and marked for transparent huge pages, so a random lookup costs
// a cache miss but rarely a TLB miss too (measured: the join's main stall on 4 KiB pages). Small
// blocks come from malloc. Without THP support the advice is ignored and nothing changes.
// Unlike std::allocator, elements added without a value are left uninitialised (see construct).
// Thread-safety: stateless.

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>

namespace fb {

template <class T>
struct HugePageAllocator {
    using value_type = T;
    static constexpr size_t kHuge = size_t{2} << 20;

    HugePageAllocator() = default;
    template <class U>
    HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

    T* allocate(size_t n) {
        size_t bytes = n * sizeof(T);
        void* p = nullptr;
        if (bytes >= kHuge / 2) {
            size_t rounded = (bytes + kHuge - 1) / kHuge * kHuge;
            p = std::aligned_alloc(kHuge, rounded);
#ifdef MADV_HUGEPAGE
            if (p) ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
        } else {
            p = std::malloc(bytes ? bytes : 1);
        }
        if (!p) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, size_t) noexcept { std::free(p); }
    // resize(n) and vector(n) leave new elements uninitialised, as with new T[n]: the tables are
    // written right after, and zeroing tens of MiB first was a measurable part of fb-enrich's start.
    template <class U>
    void construct(U* p) noexcept {
        ::new (static_cast<void*>(p)) U;
    }
    template <class U, class... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }

    template <class U>
    bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

}  // namespace fb
