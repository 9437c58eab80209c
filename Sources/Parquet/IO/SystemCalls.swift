#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// File-scope wrappers: inside types with their own `close`/`write` methods the C functions
// would need a module qualifier, which differs between Glibc and Darwin.

func systemClose(_ descriptor: Int32) -> Int32 { close(descriptor) }

func systemWrite(_ descriptor: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int { write(descriptor, pointer, count) }
