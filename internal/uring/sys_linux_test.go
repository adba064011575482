package uring

import (
	"testing"
	"unsafe"
)

// The structures shared with the kernel have the sizes of
// linux/io_uring.h, on every architecture: a field out of place would
// hand the kernel a wrong address.
func TestStructuresHaveTheKernelsSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"io_uring_sqe", unsafe.Sizeof(sqe{}), 64},
		{"io_uring_cqe", unsafe.Sizeof(cqe{}), 16},
		{"io_uring_params", unsafe.Sizeof(params{}), 120},
		{"io_uring_rsrc_register", unsafe.Sizeof(rsrcRegister{}), 32},
		{"io_uring_sqe.user_data", unsafe.Offsetof(sqe{}.userData), 32},
		{"io_uring_sqe.file_index", unsafe.Offsetof(sqe{}.fileIndex), 44},
		{"io_uring_params.sq_off", unsafe.Offsetof(params{}.sqOff), 40},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d bytes, the kernel's is %d", c.name, c.got, c.want)
		}
	}
}
