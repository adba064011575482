package uring

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// The kernel's io_uring ABI (linux/io_uring.h), the parts this package
// uses.
const (
	opOpenat = 18 // IORING_OP_OPENAT
	opClose  = 19 // IORING_OP_CLOSE
	opRead   = 22 // IORING_OP_READ

	sqeFixedFile = 1 << 0 // IOSQE_FIXED_FILE: fd is a registered slot
	sqeLink      = 1 << 2 // IOSQE_IO_LINK: the next request runs if this one succeeds
	sqeHardlink  = 1 << 3 // IOSQE_IO_HARDLINK: the next request runs whatever this one did

	offSQRing = 0          // IORING_OFF_SQ_RING
	offSQEs   = 0x10000000 // IORING_OFF_SQES

	featSingleMmap = 1 << 0 // IORING_FEAT_SINGLE_MMAP: one mmap holds both rings
	enterGetEvents = 1 << 0 // IORING_ENTER_GETEVENTS

	registerFiles2 = 13     // IORING_REGISTER_FILES2
	rsrcSparse     = 1 << 0 // IORING_RSRC_REGISTER_SPARSE

	rwfNowait = 0x8 // RWF_NOWAIT: a read that would wait fails with EAGAIN
	atFDCWD   = -100
)

// sqe is struct io_uring_sqe, one request.
type sqe struct {
	opcode      uint8
	flags       uint8
	ioprio      uint16
	fd          int32
	off         uint64
	addr        uint64
	len         uint32
	opFlags     uint32 // open_flags, rw_flags
	userData    uint64
	bufIndex    uint16
	personality uint16
	fileIndex   uint32 // a direct descriptor's slot, plus one
	addr3       uint64
	_           uint64
}

// cqe is struct io_uring_cqe, one completion.
type cqe struct {
	userData uint64
	res      int32
	flags    uint32
}

// ringOffsets is struct io_sqring_offsets or io_cqring_offsets: where
// each field of a ring is in the mapped memory. For the CQ ring, the
// sixth field is cqes and the seventh flags.
type ringOffsets struct {
	head, tail, ringMask, ringEntries, flagsOrOverflow, droppedOrCQEs, arrayOrFlags, resv1 uint32
	resv2                                                                                  uint64
}

// params is struct io_uring_params.
type params struct {
	sqEntries, cqEntries, flags, sqThreadCPU, sqThreadIdle, features, wqFD uint32
	resv                                                                   [3]uint32
	sqOff, cqOff                                                           ringOffsets
}

// rsrcRegister is struct io_uring_rsrc_register.
type rsrcRegister struct {
	nr, flags  uint32
	resv2      uint64
	data, tags uint64
}

// setup is io_uring_setup(2).
func setup(entries uint32, p *params) (int, error) {
	fd, _, errno := unix.Syscall(unix.SYS_IO_URING_SETUP, uintptr(entries), uintptr(unsafe.Pointer(p)), 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}

// enter is io_uring_enter(2) without a signal mask: it submits toSubmit
// requests and, with enterGetEvents, waits for minComplete completions.
func enter(fd int, toSubmit, minComplete, flags uint32) (int, error) {
	n, _, errno := unix.Syscall6(unix.SYS_IO_URING_ENTER, uintptr(fd), uintptr(toSubmit), uintptr(minComplete), uintptr(flags), 0, 0)
	if errno != 0 {
		return int(n), errno
	}
	return int(n), nil
}

// registerSparseFiles gives the ring files empty slots for direct
// descriptors (io_uring_register(2), IORING_REGISTER_FILES2).
func registerSparseFiles(fd int, files uint32) error {
	reg := rsrcRegister{nr: files, flags: rsrcSparse}
	_, _, errno := unix.Syscall6(unix.SYS_IO_URING_REGISTER, uintptr(fd), registerFiles2, uintptr(unsafe.Pointer(&reg)), unsafe.Sizeof(reg), 0, 0)
	if errno != 0 {
		return errno
	}
	return nil
}
