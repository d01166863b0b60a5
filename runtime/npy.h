// npy.h — NumPy .npy and .npz files.
//
// Reads and writes version 1.0/2.0 .npy files of float32/float64/int32/int64 in C order, little
// endian. Anything else (Fortran order, big endian, other dtypes, truncated data) is a UserError
// naming the file and what to do. Writes go to a temporary file that is renamed into place, so
// a failed write never leaves half a file. .npz archives (stored, uncompressed zip — what
// numpy.savez writes) are read and written too.
#pragma once

#include <map>
#include <string>

#include "runtime/tensor.h"

namespace sinter {

Tensor readNpy(const std::string& path);
Tensor parseNpy(const std::string& bytes, const std::string& name);  // name is used in messages
std::string encodeNpy(const Tensor& t);
void writeNpy(const std::string& path, const Tensor& t);

std::map<std::string, Tensor> readNpz(const std::string& path);
void writeNpz(const std::string& path, const std::map<std::string, Tensor>& arrays);

// Writes `bytes` to path atomically (temp file in the same directory, then rename).
void writeFileAtomic(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);  // UserError when unreadable
void makeDirs(const std::string& dir);          // mkdir -p; UserError when impossible

}  // namespace sinter
