	.text
	.file	"tiny"
	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI0_0:
	.quad	21474836482
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI0_1:
	.long	0
	.long	3
	.long	6
	.long	1
	.long	4
	.long	7
	.zero	4
	.zero	4
.LCPI0_3:
	.long	1
	.long	4
	.long	7
	.long	2
	.long	5
	.zero	4
	.zero	4
	.zero	4
.LCPI0_4:
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.long	1
	.long	4
	.long	7
.LCPI0_5:
	.long	2
	.long	5
	.long	0
	.long	3
	.long	6
	.zero	4
	.zero	4
	.zero	4
.LCPI0_26:
	.long	5
	.zero	4
	.zero	4
	.long	6
	.zero	4
	.zero	4
	.long	7
	.zero	4
.LCPI0_27:
	.zero	32
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4, 0x0
.LCPI0_2:
	.long	0
	.long	0
	.long	3
	.long	6
.LCPI0_25:
	.long	1
	.long	0
	.long	2
	.long	2
	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI0_6:
	.long	0x7fffffff
.LCPI0_7:
	.long	0x3ca9134e
.LCPI0_8:
	.long	0xbbbaf0ea
.LCPI0_9:
	.long	0xbd5c1e2d
.LCPI0_10:
	.long	0x3e088393
.LCPI0_11:
	.long	0xbeaaaa99
.LCPI0_12:
	.long	0x40000000
.LCPI0_13:
	.long	0x42b170a4
.LCPI0_14:
	.long	0x3fb8aa3b
.LCPI0_15:
	.long	0x3f000000
.LCPI0_16:
	.long	0x395e8083
.LCPI0_17:
	.long	0x3f318000
.LCPI0_18:
	.long	0x3ab743ce
.LCPI0_19:
	.long	0x39506967
.LCPI0_20:
	.long	0x3c088908
.LCPI0_21:
	.long	0x3d2aa9c1
.LCPI0_22:
	.long	0x3e2aaaaa
.LCPI0_23:
	.long	0x3f800000
.LCPI0_24:
	.long	0x3f200000
	.text
	.globl	k0_enc
	.p2align	4, 0x90
	.type	k0_enc,@function
k0_enc:
	subq	$456, %rsp
	movq	(%rdi), %rdx
	movq	24(%rdi), %rax
	movq	32(%rdi), %rcx
	vbroadcastss	(%rax), %ymm1
	vbroadcastss	(%rcx), %ymm2
	vbroadcastss	4(%rax), %ymm3
	vbroadcastss	8(%rax), %ymm0
	vmovups	(%rdx), %ymm4
	vmovups	32(%rdx), %ymm5
	vmovups	64(%rdx), %ymm6
	vbroadcastsd	.LCPI0_0(%rip), %ymm7
	vpermps	%ymm6, %ymm7, %ymm7
	vblendps	$146, %ymm5, %ymm4, %ymm8
	vmovaps	.LCPI0_1(%rip), %ymm9
	vpermps	%ymm8, %ymm9, %ymm8
	vblendps	$192, %ymm7, %ymm8, %ymm10
	vbroadcastf128	.LCPI0_2(%rip), %ymm7
	vpermps	%ymm6, %ymm7, %ymm7
	vblendps	$36, %ymm5, %ymm4, %ymm8
	vmovaps	.LCPI0_3(%rip), %ymm9
	vpermps	%ymm8, %ymm9, %ymm8
	vblendps	$224, %ymm7, %ymm8, %ymm8
	vmovaps	.LCPI0_4(%rip), %ymm7
	vpermps	%ymm6, %ymm7, %ymm6
	vblendps	$36, %ymm4, %ymm5, %ymm4
	vmovaps	.LCPI0_5(%rip), %ymm5
	vpermps	%ymm4, %ymm5, %ymm4
	vblendps	$224, %ymm6, %ymm4, %ymm4
	vmovups	%ymm4, 320(%rsp)
	vmulps	%ymm1, %ymm10, %ymm1
	vmovaps	%ymm10, %ymm13
	vmovups	%ymm10, 256(%rsp)
	vaddps	%ymm1, %ymm2, %ymm1
	vmulps	%ymm3, %ymm8, %ymm2
	vmovaps	%ymm8, %ymm15
	vmovups	%ymm8, 224(%rsp)
	vaddps	%ymm2, %ymm1, %ymm1
	vmulps	%ymm0, %ymm4, %ymm0
	vaddps	%ymm0, %ymm1, %ymm2
	vbroadcastss	.LCPI0_6(%rip), %ymm8
	vandps	%ymm2, %ymm8, %ymm3
	vmulps	%ymm2, %ymm2, %ymm4
	vbroadcastss	.LCPI0_7(%rip), %ymm0
	vmovups	%ymm0, 384(%rsp)
	vbroadcastss	.LCPI0_8(%rip), %ymm1
	vmovaps	%ymm1, %ymm5
	vfmadd213ps	%ymm0, %ymm4, %ymm5
	vbroadcastss	.LCPI0_9(%rip), %ymm0
	vmovups	%ymm0, 352(%rsp)
	vfmadd213ps	%ymm0, %ymm4, %ymm5
	vbroadcastss	.LCPI0_10(%rip), %ymm0
	vmovups	%ymm0, 160(%rsp)
	vfmadd213ps	%ymm0, %ymm4, %ymm5
	vbroadcastss	.LCPI0_11(%rip), %ymm0
	vmovups	%ymm0, 128(%rsp)
	vfmadd213ps	%ymm0, %ymm4, %ymm5
	vmulps	%ymm5, %ymm4, %ymm0
	vmovups	%ymm0, -128(%rsp)
	vaddps	%ymm3, %ymm3, %ymm5
	vbroadcastss	.LCPI0_13(%rip), %ymm11
	vminps	%ymm5, %ymm11, %ymm6
	vbroadcastss	.LCPI0_14(%rip), %ymm0
	vmovups	%ymm0, 288(%rsp)
	vmulps	%ymm0, %ymm6, %ymm7
	vbroadcastss	.LCPI0_15(%rip), %ymm12
	vaddps	%ymm7, %ymm12, %ymm7
	vroundps	$9, %ymm7, %ymm7
	vbroadcastss	.LCPI0_17(%rip), %ymm0
	vmovups	%ymm0, 64(%rsp)
	vmulps	%ymm0, %ymm7, %ymm9
	vsubps	%ymm9, %ymm6, %ymm6
	vbroadcastss	.LCPI0_16(%rip), %ymm0
	vmovups	%ymm0, 96(%rsp)
	vmulps	%ymm0, %ymm7, %ymm9
	vaddps	%ymm6, %ymm9, %ymm6
	vbroadcastss	.LCPI0_18(%rip), %ymm0
	vbroadcastss	.LCPI0_19(%rip), %ymm10
	vmovaps	%ymm10, %ymm14
	vfmadd213ps	%ymm0, %ymm6, %ymm14
	vmovaps	%ymm0, %ymm9
	vmovups	%ymm0, 192(%rsp)
	vbroadcastss	.LCPI0_20(%rip), %ymm0
	vmovups	%ymm0, 32(%rsp)
	vfmadd213ps	%ymm0, %ymm6, %ymm14
	vbroadcastss	.LCPI0_21(%rip), %ymm0
	vmovups	%ymm0, (%rsp)
	vfmadd213ps	%ymm0, %ymm6, %ymm14
	vbroadcastss	.LCPI0_22(%rip), %ymm0
	vmovups	%ymm0, -32(%rsp)
	vfmadd213ps	%ymm0, %ymm6, %ymm14
	vfmadd213ps	%ymm12, %ymm6, %ymm14
	vmulps	%ymm6, %ymm6, %ymm4
	vmulps	%ymm4, %ymm14, %ymm4
	vaddps	%ymm4, %ymm6, %ymm4
	vbroadcastss	.LCPI0_23(%rip), %ymm14
	vaddps	%ymm4, %ymm14, %ymm4
	vcvttps2dq	%ymm7, %ymm6
	vpslld	$23, %ymm6, %ymm6
	vpbroadcastd	.LCPI0_15(%rip), %ymm0
	vmovdqu	%ymm0, -64(%rsp)
	vpaddd	%ymm0, %ymm6, %ymm6
	vaddps	%ymm4, %ymm4, %ymm4
	vmulps	%ymm6, %ymm4, %ymm4
	vcmpltps	%ymm5, %ymm11, %ymm5
	vaddps	%ymm4, %ymm14, %ymm4
	vbroadcastss	.LCPI0_12(%rip), %ymm0
	vmovups	%ymm0, -96(%rsp)
	vdivps	%ymm4, %ymm0, %ymm4
	vsubps	%ymm4, %ymm14, %ymm4
	vblendvps	%ymm5, %ymm14, %ymm4, %ymm4
	vandps	%ymm4, %ymm8, %ymm4
	vandnps	%ymm2, %ymm8, %ymm5
	vorps	%ymm5, %ymm4, %ymm4
	vxorps	%xmm0, %xmm0, %xmm0
	vcmpunordps	%ymm0, %ymm2, %ymm5
	vblendvps	%ymm5, %ymm2, %ymm4, %ymm4
	vmulps	-128(%rsp), %ymm2, %ymm5
	vaddps	%ymm5, %ymm2, %ymm2
	vbroadcastss	.LCPI0_24(%rip), %ymm0
	vmovups	%ymm0, -128(%rsp)
	vcmpltps	%ymm0, %ymm3, %ymm3
	vblendvps	%ymm3, %ymm2, %ymm4, %ymm0
	vmovups	%ymm0, 416(%rsp)
	vbroadcastss	12(%rax), %ymm2
	vmulps	%ymm2, %ymm13, %ymm2
	vbroadcastss	4(%rcx), %ymm3
	vaddps	%ymm2, %ymm3, %ymm2
	vbroadcastss	16(%rax), %ymm3
	vmulps	%ymm3, %ymm15, %ymm3
	vaddps	%ymm3, %ymm2, %ymm2
	vbroadcastss	20(%rax), %ymm3
	vmovups	320(%rsp), %ymm7
	vmulps	%ymm3, %ymm7, %ymm3
	vaddps	%ymm3, %ymm2, %ymm2
	vandps	%ymm2, %ymm8, %ymm3
	vaddps	%ymm3, %ymm3, %ymm4
	vminps	%ymm4, %ymm11, %ymm0
	vmovups	288(%rsp), %ymm6
	vmulps	%ymm6, %ymm0, %ymm15
	vaddps	%ymm12, %ymm15, %ymm15
	vroundps	$9, %ymm15, %ymm15
	vmulps	64(%rsp), %ymm15, %ymm13
	vsubps	%ymm13, %ymm0, %ymm0
	vmulps	96(%rsp), %ymm15, %ymm13
	vaddps	%ymm0, %ymm13, %ymm0
	vmovaps	%ymm10, %ymm13
	vfmadd213ps	%ymm9, %ymm0, %ymm13
	vfmadd213ps	32(%rsp), %ymm0, %ymm13
	vfmadd213ps	(%rsp), %ymm0, %ymm13
	vfmadd213ps	-32(%rsp), %ymm0, %ymm13
	vfmadd213ps	%ymm12, %ymm0, %ymm13
	vmulps	%ymm0, %ymm0, %ymm9
	vmulps	%ymm13, %ymm9, %ymm9
	vaddps	%ymm0, %ymm9, %ymm0
	vaddps	%ymm0, %ymm14, %ymm0
	vcvttps2dq	%ymm15, %ymm9
	vpslld	$23, %ymm9, %ymm9
	vpaddd	-64(%rsp), %ymm9, %ymm9
	vaddps	%ymm0, %ymm0, %ymm0
	vmulps	%ymm0, %ymm9, %ymm0
	vcmpltps	%ymm4, %ymm11, %ymm4
	vaddps	%ymm0, %ymm14, %ymm0
	vmovups	-96(%rsp), %ymm5
	vdivps	%ymm0, %ymm5, %ymm0
	vsubps	%ymm0, %ymm14, %ymm0
	vblendvps	%ymm4, %ymm14, %ymm0, %ymm0
	vmulps	%ymm2, %ymm2, %ymm4
	vmovaps	%ymm1, %ymm9
	vmovups	384(%rsp), %ymm15
	vfmadd213ps	%ymm15, %ymm4, %ymm9
	vmovups	352(%rsp), %ymm5
	vfmadd213ps	%ymm5, %ymm4, %ymm9
	vfmadd213ps	160(%rsp), %ymm4, %ymm9
	vfmadd213ps	128(%rsp), %ymm4, %ymm9
	vmulps	%ymm4, %ymm9, %ymm4
	vandps	%ymm0, %ymm8, %ymm0
	vandnps	%ymm2, %ymm8, %ymm9
	vorps	%ymm0, %ymm9, %ymm0
	vcmpunordps	.LCPI0_27(%rip), %ymm2, %ymm9
	vblendvps	%ymm9, %ymm2, %ymm0, %ymm0
	vmulps	%ymm4, %ymm2, %ymm4
	vaddps	%ymm4, %ymm2, %ymm2
	vcmpltps	-128(%rsp), %ymm3, %ymm3
	vblendvps	%ymm3, %ymm2, %ymm0, %ymm2
	vbroadcastss	24(%rax), %ymm0
	vmulps	256(%rsp), %ymm0, %ymm0
	vbroadcastss	8(%rcx), %ymm3
	vaddps	%ymm0, %ymm3, %ymm0
	vbroadcastss	28(%rax), %ymm3
	vmulps	224(%rsp), %ymm3, %ymm3
	vaddps	%ymm3, %ymm0, %ymm0
	vbroadcastss	32(%rax), %ymm3
	vmulps	%ymm3, %ymm7, %ymm3
	vaddps	%ymm3, %ymm0, %ymm3
	vandps	%ymm3, %ymm8, %ymm4
	vaddps	%ymm4, %ymm4, %ymm0
	vcmpltps	%ymm0, %ymm11, %ymm9
	vminps	%ymm0, %ymm11, %ymm0
	vmulps	%ymm6, %ymm0, %ymm11
	vaddps	%ymm12, %ymm11, %ymm11
	vroundps	$9, %ymm11, %ymm11
	vmulps	64(%rsp), %ymm11, %ymm13
	vsubps	%ymm13, %ymm0, %ymm0
	vmulps	96(%rsp), %ymm11, %ymm13
	vaddps	%ymm0, %ymm13, %ymm0
	vfmadd213ps	192(%rsp), %ymm0, %ymm10
	vfmadd213ps	32(%rsp), %ymm0, %ymm10
	vfmadd213ps	(%rsp), %ymm0, %ymm10
	vfmadd213ps	-32(%rsp), %ymm0, %ymm10
	vfmadd213ps	%ymm12, %ymm0, %ymm10
	vmulps	%ymm0, %ymm0, %ymm12
	vmulps	%ymm10, %ymm12, %ymm10
	vaddps	%ymm0, %ymm10, %ymm0
	vcvttps2dq	%ymm11, %ymm10
	vpslld	$23, %ymm10, %ymm10
	vpaddd	-64(%rsp), %ymm10, %ymm7
	vaddps	%ymm0, %ymm14, %ymm0
	vaddps	%ymm0, %ymm0, %ymm0
	vmulps	%ymm7, %ymm0, %ymm0
	vaddps	%ymm0, %ymm14, %ymm0
	vmovups	-96(%rsp), %ymm6
	vdivps	%ymm0, %ymm6, %ymm0
	vsubps	%ymm0, %ymm14, %ymm0
	vblendvps	%ymm9, %ymm14, %ymm0, %ymm0
	vmulps	%ymm3, %ymm3, %ymm6
	vfmadd213ps	%ymm15, %ymm6, %ymm1
	vfmadd213ps	%ymm5, %ymm6, %ymm1
	vfmadd213ps	160(%rsp), %ymm6, %ymm1
	vfmadd213ps	128(%rsp), %ymm6, %ymm1
	vmulps	%ymm1, %ymm6, %ymm1
	vandps	%ymm0, %ymm8, %ymm0
	vandnps	%ymm3, %ymm8, %ymm6
	vorps	%ymm6, %ymm0, %ymm0
	vcmpunordps	.LCPI0_27(%rip), %ymm3, %ymm6
	vblendvps	%ymm6, %ymm3, %ymm0, %ymm0
	vmulps	%ymm1, %ymm3, %ymm1
	vaddps	%ymm1, %ymm3, %ymm1
	vcmpltps	-128(%rsp), %ymm4, %ymm3
	vblendvps	%ymm3, %ymm1, %ymm0, %ymm0
	vbroadcastf128	.LCPI0_25(%rip), %ymm1
	vpermps	%ymm2, %ymm1, %ymm1
	vmovups	416(%rsp), %ymm5
	vpermpd	$96, %ymm5, %ymm3
	vblendps	$146, %ymm1, %ymm3, %ymm1
	vbroadcastsd	%xmm0, %ymm3
	vblendps	$36, %ymm3, %ymm1, %ymm1
	vpermilps	$240, %ymm2, %ymm3
	vpermilpd	$1, %ymm5, %ymm4
	vblendps	$36, %ymm3, %ymm4, %ymm3
	vpermilpd	$3, %ymm0, %ymm4
	vblendps	$73, %ymm4, %ymm3, %ymm3
	vmovaps	.LCPI0_26(%rip), %ymm4
	vpermps	%ymm2, %ymm4, %ymm2
	vpermpd	$255, %ymm5, %ymm4
	vblendps	$36, %ymm4, %ymm2, %ymm2
	vpermpd	$246, %ymm0, %ymm0
	vblendps	$146, %ymm0, %ymm2, %ymm0
	movq	40(%rdi), %rax
	vmovups	%ymm0, 64(%rax)
	vmovups	%ymm3, 32(%rax)
	vmovups	%ymm1, (%rax)
	addq	$456, %rsp
	vzeroupper
	retq
.Lfunc_end0:
	.size	k0_enc, .Lfunc_end0-k0_enc

	.globl	k1_enc2
	.p2align	4, 0x90
	.type	k1_enc2,@function
k1_enc2:
	movq	48(%rdi), %rax
	movq	24(%rdi), %rdx
	movq	40(%rdi), %rcx
	vmovss	(%rcx), %xmm8
	vmovss	4(%rcx), %xmm9
	vmovss	8(%rcx), %xmm10
	vmovss	(%rdx), %xmm0
	vmovss	4(%rdx), %xmm1
	vmulss	%xmm0, %xmm8, %xmm2
	vmulss	%xmm1, %xmm9, %xmm3
	vaddss	%xmm3, %xmm2, %xmm3
	vmovss	8(%rdx), %xmm2
	vmulss	%xmm2, %xmm10, %xmm4
	vaddss	%xmm4, %xmm3, %xmm3
	vmovss	%xmm3, (%rax)
	vmovss	12(%rdx), %xmm3
	vmovss	16(%rdx), %xmm4
	vmulss	%xmm3, %xmm8, %xmm5
	vmulss	%xmm4, %xmm9, %xmm6
	vaddss	%xmm6, %xmm5, %xmm6
	vmovss	20(%rdx), %xmm5
	vmulss	%xmm5, %xmm10, %xmm7
	vaddss	%xmm7, %xmm6, %xmm6
	vmovss	%xmm6, 4(%rax)
	vmovss	24(%rdx), %xmm6
	vmovss	28(%rdx), %xmm7
	vmulss	%xmm6, %xmm8, %xmm8
	vmulss	%xmm7, %xmm9, %xmm9
	vaddss	%xmm9, %xmm8, %xmm9
	vmovss	32(%rdx), %xmm8
	vmulss	%xmm8, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, 8(%rax)
	vmovss	12(%rcx), %xmm9
	vmovss	16(%rcx), %xmm10
	vmovss	20(%rcx), %xmm11
	vmulss	%xmm0, %xmm9, %xmm12
	vmulss	%xmm1, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm2, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 12(%rax)
	vmulss	%xmm3, %xmm9, %xmm12
	vmulss	%xmm4, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm5, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 16(%rax)
	vmulss	%xmm6, %xmm9, %xmm9
	vmulss	%xmm7, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmulss	%xmm8, %xmm11, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, 20(%rax)
	vmovss	24(%rcx), %xmm9
	vmovss	28(%rcx), %xmm10
	vmovss	32(%rcx), %xmm11
	vmulss	%xmm0, %xmm9, %xmm12
	vmulss	%xmm1, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm2, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 24(%rax)
	vmulss	%xmm3, %xmm9, %xmm12
	vmulss	%xmm4, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm5, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 28(%rax)
	vmulss	%xmm6, %xmm9, %xmm9
	vmulss	%xmm7, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmulss	%xmm8, %xmm11, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, 32(%rax)
	vmovss	36(%rcx), %xmm9
	vmovss	40(%rcx), %xmm10
	vmovss	44(%rcx), %xmm11
	vmulss	%xmm0, %xmm9, %xmm0
	vmulss	%xmm1, %xmm10, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	%xmm2, %xmm11, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 36(%rax)
	vmulss	%xmm3, %xmm9, %xmm0
	vmulss	%xmm4, %xmm10, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	%xmm5, %xmm11, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 40(%rax)
	vmulss	%xmm6, %xmm9, %xmm0
	vmulss	%xmm7, %xmm10, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	%xmm8, %xmm11, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 44(%rax)
	vmovss	48(%rcx), %xmm8
	vmovss	52(%rcx), %xmm9
	vmovss	56(%rcx), %xmm10
	vmovss	(%rdx), %xmm0
	vmovss	4(%rdx), %xmm1
	vmulss	%xmm0, %xmm8, %xmm2
	vmulss	%xmm1, %xmm9, %xmm3
	vaddss	%xmm3, %xmm2, %xmm3
	vmovss	8(%rdx), %xmm2
	vmulss	%xmm2, %xmm10, %xmm4
	vaddss	%xmm4, %xmm3, %xmm3
	vmovss	%xmm3, 48(%rax)
	vmovss	12(%rdx), %xmm3
	vmovss	16(%rdx), %xmm4
	vmulss	%xmm3, %xmm8, %xmm5
	vmulss	%xmm4, %xmm9, %xmm6
	vaddss	%xmm6, %xmm5, %xmm6
	vmovss	20(%rdx), %xmm5
	vmulss	%xmm5, %xmm10, %xmm7
	vaddss	%xmm7, %xmm6, %xmm6
	vmovss	%xmm6, 52(%rax)
	vmovss	24(%rdx), %xmm6
	vmovss	28(%rdx), %xmm7
	vmulss	%xmm6, %xmm8, %xmm8
	vmulss	%xmm7, %xmm9, %xmm9
	vaddss	%xmm9, %xmm8, %xmm9
	vmovss	32(%rdx), %xmm8
	vmulss	%xmm8, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, 56(%rax)
	vmovss	60(%rcx), %xmm9
	vmovss	64(%rcx), %xmm10
	vmovss	68(%rcx), %xmm11
	vmulss	%xmm0, %xmm9, %xmm12
	vmulss	%xmm1, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm2, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 60(%rax)
	vmulss	%xmm3, %xmm9, %xmm12
	vmulss	%xmm4, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm5, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 64(%rax)
	vmulss	%xmm6, %xmm9, %xmm9
	vmulss	%xmm7, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmulss	%xmm8, %xmm11, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, 68(%rax)
	vmovss	72(%rcx), %xmm9
	vmovss	76(%rcx), %xmm10
	vmovss	80(%rcx), %xmm11
	vmulss	%xmm0, %xmm9, %xmm12
	vmulss	%xmm1, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm2, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 72(%rax)
	vmulss	%xmm3, %xmm9, %xmm12
	vmulss	%xmm4, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm5, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, 76(%rax)
	vmulss	%xmm6, %xmm9, %xmm9
	vmulss	%xmm7, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmulss	%xmm8, %xmm11, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, 80(%rax)
	vmovss	84(%rcx), %xmm9
	vmovss	88(%rcx), %xmm10
	vmovss	92(%rcx), %xmm11
	vmulss	%xmm0, %xmm9, %xmm0
	vmulss	%xmm1, %xmm10, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	%xmm2, %xmm11, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 84(%rax)
	vmulss	%xmm3, %xmm9, %xmm0
	vmulss	%xmm4, %xmm10, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	%xmm5, %xmm11, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 88(%rax)
	vmulss	%xmm6, %xmm9, %xmm0
	vmulss	%xmm7, %xmm10, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	%xmm8, %xmm11, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, 92(%rax)
	retq
.Lfunc_end1:
	.size	k1_enc2, .Lfunc_end1-k1_enc2

	.globl	k2_head
	.p2align	4, 0x90
	.type	k2_head,@function
k2_head:
	movq	56(%rdi), %rax
	movq	80(%rdi), %rcx
	movq	88(%rdi), %rdx
	vmovss	(%rdx), %xmm0
	vmovss	(%rcx), %xmm1
	vmovss	4(%rcx), %xmm2
	vmovss	8(%rcx), %xmm3
	vmulss	(%rax), %xmm1, %xmm4
	vmulss	4(%rax), %xmm2, %xmm5
	vaddss	%xmm4, %xmm0, %xmm4
	vaddss	%xmm5, %xmm4, %xmm4
	vmulss	8(%rax), %xmm3, %xmm5
	movq	96(%rdi), %rcx
	vaddss	%xmm5, %xmm4, %xmm4
	vmovss	%xmm4, (%rcx)
	vmulss	12(%rax), %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	16(%rax), %xmm2, %xmm1
	vmulss	20(%rax), %xmm3, %xmm2
	vaddss	%xmm1, %xmm0, %xmm0
	vaddss	%xmm2, %xmm0, %xmm0
	vmovss	%xmm0, 4(%rcx)
	retq
.Lfunc_end2:
	.size	k2_head, .Lfunc_end2-k2_head

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI3_0:
	.long	0x80000000
.LCPI3_1:
	.long	0xc2b170a4
.LCPI3_2:
	.long	0x42b170a4
.LCPI3_3:
	.long	0x42ae999a
.LCPI3_4:
	.long	0xc2ae999a
.LCPI3_5:
	.long	0x3fb8aa3b
.LCPI3_6:
	.long	0x3f000000
.LCPI3_7:
	.long	0x395e8083
.LCPI3_8:
	.long	0x3f318000
.LCPI3_9:
	.long	0x3ab743ce
.LCPI3_10:
	.long	0x39506967
.LCPI3_11:
	.long	0x3c088908
.LCPI3_12:
	.long	0x3d2aa9c1
.LCPI3_13:
	.long	0x3e2aaaaa
.LCPI3_14:
	.long	0x3f800000
	.text
	.globl	k3_prob
	.p2align	4, 0x90
	.type	k3_prob,@function
k3_prob:
	movq	96(%rdi), %rax
	vmovss	(%rax), %xmm4
	vbroadcastss	.LCPI3_0(%rip), %xmm10
	vmovss	.LCPI3_1(%rip), %xmm11
	vmovss	.LCPI3_2(%rip), %xmm12
	vmovss	.LCPI3_3(%rip), %xmm0
	vmovss	.LCPI3_4(%rip), %xmm13
	vmovss	.LCPI3_5(%rip), %xmm14
	vmovss	.LCPI3_6(%rip), %xmm2
	vucomiss	%xmm4, %xmm11
	vmovss	.LCPI3_7(%rip), %xmm8
	vmovss	.LCPI3_8(%rip), %xmm9
	vmovss	.LCPI3_10(%rip), %xmm3
	vmovss	.LCPI3_14(%rip), %xmm1
	vxorps	%xmm15, %xmm15, %xmm15
	vxorps	%xmm6, %xmm6, %xmm6
	jbe	.LBB3_1
	vmovss	4(%rax), %xmm5
	vucomiss	%xmm0, %xmm4
	vmovaps	%xmm1, %xmm4
	jbe	.LBB3_3
.LBB3_4:
	vmovss	%xmm4, (%rax)
	vucomiss	%xmm5, %xmm11
	jbe	.LBB3_5
.LBB3_6:
	vucomiss	%xmm0, %xmm5
	jbe	.LBB3_7
.LBB3_8:
	vmovss	%xmm1, 4(%rax)
	retq
.LBB3_1:
	vxorps	%xmm4, %xmm10, %xmm5
	vcmpltss	%xmm11, %xmm4, %xmm6
	vblendvps	%xmm6, %xmm12, %xmm5, %xmm5
	vcmpltss	%xmm4, %xmm0, %xmm6
	vblendvps	%xmm6, %xmm13, %xmm5, %xmm5
	vmulss	%xmm5, %xmm14, %xmm6
	vaddss	%xmm2, %xmm6, %xmm6
	vroundss	$9, %xmm6, %xmm6, %xmm6
	vcvttss2si	%xmm6, %ecx
	vmulss	%xmm6, %xmm8, %xmm7
	vmulss	%xmm6, %xmm9, %xmm6
	vsubss	%xmm6, %xmm5, %xmm5
	vaddss	%xmm5, %xmm7, %xmm5
	vmovaps	%xmm3, %xmm6
	vfmadd213ss	.LCPI3_9(%rip), %xmm5, %xmm6
	vfmadd213ss	.LCPI3_11(%rip), %xmm5, %xmm6
	vfmadd213ss	.LCPI3_12(%rip), %xmm5, %xmm6
	vfmadd213ss	.LCPI3_13(%rip), %xmm5, %xmm6
	vfmadd213ss	%xmm2, %xmm5, %xmm6
	vmulss	%xmm5, %xmm5, %xmm7
	vmulss	%xmm6, %xmm7, %xmm6
	shll	$23, %ecx
	addl	$1056964608, %ecx
	vaddss	%xmm6, %xmm5, %xmm5
	vaddss	%xmm1, %xmm5, %xmm5
	vmovd	%ecx, %xmm6
	vaddss	%xmm5, %xmm5, %xmm5
	vmulss	%xmm6, %xmm5, %xmm5
	vaddss	%xmm1, %xmm5, %xmm5
	vdivss	%xmm5, %xmm1, %xmm6
	vmovss	4(%rax), %xmm5
	vucomiss	%xmm0, %xmm4
	vmovaps	%xmm1, %xmm4
	ja	.LBB3_4
.LBB3_3:
	vmovaps	%xmm6, %xmm4
	vmovss	%xmm4, (%rax)
	vucomiss	%xmm5, %xmm11
	ja	.LBB3_6
.LBB3_5:
	vxorps	%xmm5, %xmm10, %xmm4
	vcmpltss	%xmm11, %xmm5, %xmm6
	vblendvps	%xmm6, %xmm12, %xmm4, %xmm4
	vcmpltss	%xmm5, %xmm0, %xmm6
	vblendvps	%xmm6, %xmm13, %xmm4, %xmm4
	vmulss	%xmm4, %xmm14, %xmm6
	vaddss	%xmm2, %xmm6, %xmm6
	vroundss	$9, %xmm6, %xmm6, %xmm6
	vcvttss2si	%xmm6, %ecx
	shll	$23, %ecx
	addl	$1056964608, %ecx
	vmulss	%xmm6, %xmm8, %xmm7
	vmulss	%xmm6, %xmm9, %xmm6
	vsubss	%xmm6, %xmm4, %xmm4
	vaddss	%xmm4, %xmm7, %xmm4
	vfmadd213ss	.LCPI3_9(%rip), %xmm4, %xmm3
	vfmadd213ss	.LCPI3_11(%rip), %xmm4, %xmm3
	vfmadd213ss	.LCPI3_12(%rip), %xmm4, %xmm3
	vfmadd213ss	.LCPI3_13(%rip), %xmm4, %xmm3
	vfmadd213ss	%xmm2, %xmm4, %xmm3
	vmulss	%xmm4, %xmm4, %xmm2
	vmulss	%xmm3, %xmm2, %xmm2
	vaddss	%xmm2, %xmm4, %xmm2
	vaddss	%xmm1, %xmm2, %xmm2
	vmovd	%ecx, %xmm3
	vaddss	%xmm2, %xmm2, %xmm2
	vmulss	%xmm3, %xmm2, %xmm2
	vaddss	%xmm1, %xmm2, %xmm2
	vdivss	%xmm2, %xmm1, %xmm15
	vucomiss	%xmm0, %xmm5
	ja	.LBB3_8
.LBB3_7:
	vmovaps	%xmm15, %xmm1
	vmovss	%xmm1, 4(%rax)
	retq
.Lfunc_end3:
	.size	k3_prob, .Lfunc_end3-k3_prob

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI4_0:
	.long	0x3f3504f3
.LCPI4_1:
	.long	0x80000000
.LCPI4_2:
	.long	0xbf800000
.LCPI4_3:
	.long	0xbdebd1b8
.LCPI4_4:
	.long	0x3d9021bb
.LCPI4_5:
	.long	0x3def251a
.LCPI4_6:
	.long	0xbdfe5d4f
.LCPI4_7:
	.long	0x3e11e9bf
.LCPI4_8:
	.long	0xbe2aae50
.LCPI4_9:
	.long	0x3e4cceac
.LCPI4_10:
	.long	0xbe7ffffc
.LCPI4_11:
	.long	0x3eaaaaaa
.LCPI4_12:
	.long	0x395e8083
.LCPI4_13:
	.long	0xbf000000
.LCPI4_14:
	.long	0x3f318000
.LCPI4_15:
	.long	0x7f800000
.LCPI4_16:
	.long	0x00800000
.LCPI4_17:
	.long	0xff800000
.LCPI4_18:
	.long	0x7fc00000
.LCPI4_19:
	.long	0xc2c80000
.LCPI4_20:
	.long	0x3f800000
.LCPI4_21:
	.long	0x2b8cbccc
.LCPI4_22:
	.long	0x3f000000
	.text
	.globl	k4_d_prob
	.p2align	4, 0x90
	.type	k4_d_prob,@function
k4_d_prob:
	movq	8(%rdi), %rcx
	movq	96(%rdi), %rdx
	vmovss	(%rcx), %xmm7
	vmovd	(%rdx), %xmm8
	vmovd	%xmm8, %esi
	movl	%esi, %eax
	shrl	$23, %eax
	movzbl	%al, %eax
	andl	$8388607, %esi
	orl	$1056964608, %esi
	vmovd	%esi, %xmm0
	vmovss	.LCPI4_0(%rip), %xmm1
	xorl	%esi, %esi
	vucomiss	%xmm0, %xmm1
	seta	%sil
	vmovaps	%xmm0, %xmm1
	ja	.LBB4_2
	vmovss	.LCPI4_1(%rip), %xmm1
.LBB4_2:
	subl	%esi, %eax
	addl	$-126, %eax
	vcvtsi2ss	%eax, %xmm2, %xmm2
	vaddss	%xmm0, %xmm1, %xmm0
	vaddss	.LCPI4_2(%rip), %xmm0, %xmm3
	vmulss	%xmm3, %xmm3, %xmm4
	vmovss	.LCPI4_4(%rip), %xmm15
	vmovaps	%xmm15, %xmm1
	vfmadd213ss	.LCPI4_3(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_5(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_6(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_7(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_8(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_9(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_10(%rip), %xmm3, %xmm1
	vfmadd213ss	.LCPI4_11(%rip), %xmm3, %xmm1
	vmulss	%xmm1, %xmm3, %xmm1
	vmulss	%xmm1, %xmm4, %xmm1
	vmulss	.LCPI4_12(%rip), %xmm2, %xmm5
	vsubss	%xmm5, %xmm1, %xmm5
	vmulss	.LCPI4_13(%rip), %xmm4, %xmm4
	vaddss	%xmm4, %xmm5, %xmm4
	vmulss	.LCPI4_14(%rip), %xmm2, %xmm2
	vaddss	%xmm4, %xmm3, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmovss	.LCPI4_15(%rip), %xmm1
	vcmpless	%xmm8, %xmm1, %xmm3
	vblendvps	%xmm3, %xmm1, %xmm2, %xmm4
	vcmpltss	.LCPI4_16(%rip), %xmm8, %xmm5
	vmovss	.LCPI4_17(%rip), %xmm0
	vblendvps	%xmm5, %xmm0, %xmm4, %xmm6
	vxorps	%xmm4, %xmm4, %xmm4
	vcmpnless	%xmm8, %xmm4, %xmm9
	vmovss	.LCPI4_18(%rip), %xmm5
	vblendvps	%xmm9, %xmm5, %xmm6, %xmm9
	movq	144(%rdi), %rax
	vmovss	.LCPI4_19(%rip), %xmm6
	vmaxss	%xmm6, %xmm9, %xmm11
	vmovss	.LCPI4_20(%rip), %xmm9
	vsubss	%xmm8, %xmm9, %xmm10
	vmovd	%xmm10, %r9d
	movl	%r9d, %esi
	shrl	$23, %esi
	movzbl	%sil, %esi
	andl	$8388607, %r9d
	orl	$1056964608, %r9d
	xorl	%r8d, %r8d
	vmovd	%r9d, %xmm13
	vmovss	.LCPI4_0(%rip), %xmm0
	vucomiss	%xmm13, %xmm0
	seta	%r8b
	vsubss	%xmm7, %xmm9, %xmm12
	vmovaps	%xmm13, %xmm14
	ja	.LBB4_4
	vmovss	.LCPI4_1(%rip), %xmm14
.LBB4_4:
	subl	%r8d, %esi
	addl	$-126, %esi
	vcvtsi2ss	%esi, %xmm7, %xmm2
	vaddss	%xmm13, %xmm14, %xmm13
	vaddss	.LCPI4_2(%rip), %xmm13, %xmm13
	vmulss	%xmm13, %xmm13, %xmm14
	vmovaps	%xmm15, %xmm0
	vfmadd213ss	.LCPI4_3(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_5(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_6(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_7(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_8(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_9(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_10(%rip), %xmm13, %xmm0
	vfmadd213ss	.LCPI4_11(%rip), %xmm13, %xmm0
	vmulss	%xmm0, %xmm13, %xmm0
	vmulss	%xmm0, %xmm14, %xmm0
	vmulss	.LCPI4_12(%rip), %xmm2, %xmm3
	vsubss	%xmm3, %xmm0, %xmm0
	vmulss	.LCPI4_13(%rip), %xmm14, %xmm3
	vaddss	%xmm3, %xmm0, %xmm0
	vmulss	.LCPI4_14(%rip), %xmm2, %xmm2
	vaddss	%xmm0, %xmm13, %xmm0
	vaddss	%xmm0, %xmm2, %xmm0
	vcmpless	%xmm10, %xmm1, %xmm2
	vblendvps	%xmm2, %xmm1, %xmm0, %xmm0
	vmulss	%xmm7, %xmm11, %xmm11
	vcmpltss	.LCPI4_16(%rip), %xmm10, %xmm2
	vmovss	.LCPI4_17(%rip), %xmm3
	vblendvps	%xmm2, %xmm3, %xmm0, %xmm0
	movq	112(%rdi), %rsi
	vcmpnless	%xmm10, %xmm4, %xmm2
	vblendvps	%xmm2, %xmm5, %xmm0, %xmm0
	vmaxss	%xmm6, %xmm0, %xmm0
	vmulss	%xmm0, %xmm12, %xmm12
	vsubss	%xmm7, %xmm8, %xmm0
	vmulss	%xmm10, %xmm8, %xmm2
	vmaxss	.LCPI4_21(%rip), %xmm2, %xmm3
	vdivss	%xmm3, %xmm0, %xmm0
	vmulss	.LCPI4_22(%rip), %xmm0, %xmm0
	vmulss	%xmm0, %xmm2, %xmm0
	vmovss	%xmm0, (%rax)
	vmovss	4(%rcx), %xmm7
	vmovd	4(%rdx), %xmm8
	vmovd	%xmm8, %edx
	movl	%edx, %ecx
	shrl	$23, %ecx
	movzbl	%cl, %ecx
	andl	$8388607, %edx
	orl	$1056964608, %edx
	vmovd	%edx, %xmm13
	xorl	%edx, %edx
	vmovss	.LCPI4_0(%rip), %xmm0
	vucomiss	%xmm13, %xmm0
	seta	%dl
	vmovaps	%xmm13, %xmm14
	ja	.LBB4_6
	vmovss	.LCPI4_1(%rip), %xmm14
.LBB4_6:
	subl	%edx, %ecx
	addl	$-126, %ecx
	vcvtsi2ss	%ecx, %xmm15, %xmm0
	vaddss	%xmm12, %xmm11, %xmm10
	vaddss	%xmm13, %xmm14, %xmm2
	vaddss	.LCPI4_2(%rip), %xmm2, %xmm2
	vmulss	%xmm2, %xmm2, %xmm3
	vmovaps	%xmm15, %xmm11
	vfmadd213ss	.LCPI4_3(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_5(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_6(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_7(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_8(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_9(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_10(%rip), %xmm2, %xmm11
	vfmadd213ss	.LCPI4_11(%rip), %xmm2, %xmm11
	vmulss	%xmm2, %xmm11, %xmm11
	vmulss	%xmm3, %xmm11, %xmm11
	vmulss	.LCPI4_12(%rip), %xmm0, %xmm12
	vsubss	%xmm12, %xmm11, %xmm11
	vmulss	.LCPI4_13(%rip), %xmm3, %xmm3
	vaddss	%xmm3, %xmm11, %xmm3
	vmulss	.LCPI4_14(%rip), %xmm0, %xmm0
	vaddss	%xmm3, %xmm2, %xmm2
	vaddss	%xmm2, %xmm0, %xmm0
	vcmpless	%xmm8, %xmm1, %xmm2
	vblendvps	%xmm2, %xmm1, %xmm0, %xmm0
	vcmpltss	.LCPI4_16(%rip), %xmm8, %xmm2
	vmovss	.LCPI4_17(%rip), %xmm3
	vblendvps	%xmm2, %xmm3, %xmm0, %xmm0
	vcmpnless	%xmm8, %xmm4, %xmm2
	vblendvps	%xmm2, %xmm5, %xmm0, %xmm0
	vmaxss	%xmm6, %xmm0, %xmm0
	vmulss	%xmm0, %xmm7, %xmm11
	vsubss	%xmm7, %xmm9, %xmm12
	vsubss	%xmm8, %xmm9, %xmm9
	vmovd	%xmm9, %edx
	movl	%edx, %ecx
	shrl	$23, %ecx
	movzbl	%cl, %ecx
	andl	$8388607, %edx
	orl	$1056964608, %edx
	vmovd	%edx, %xmm13
	xorl	%edx, %edx
	vmovss	.LCPI4_0(%rip), %xmm0
	vucomiss	%xmm13, %xmm0
	seta	%dl
	vmovaps	%xmm13, %xmm14
	ja	.LBB4_8
	vmovss	.LCPI4_1(%rip), %xmm14
.LBB4_8:
	vaddss	%xmm13, %xmm14, %xmm0
	vaddss	.LCPI4_2(%rip), %xmm0, %xmm0
	vfmadd213ss	.LCPI4_3(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_5(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_6(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_7(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_8(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_9(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_10(%rip), %xmm0, %xmm15
	vfmadd213ss	.LCPI4_11(%rip), %xmm0, %xmm15
	subl	%edx, %ecx
	addl	$-126, %ecx
	vmulss	%xmm0, %xmm15, %xmm2
	vmulss	%xmm0, %xmm0, %xmm3
	vmulss	%xmm2, %xmm3, %xmm2
	vcvtsi2ss	%ecx, %xmm1, %xmm13
	vmulss	.LCPI4_12(%rip), %xmm13, %xmm14
	vsubss	%xmm14, %xmm2, %xmm2
	vmovss	.LCPI4_13(%rip), %xmm14
	vmulss	%xmm3, %xmm14, %xmm3
	vaddss	%xmm3, %xmm2, %xmm2
	vmulss	.LCPI4_14(%rip), %xmm13, %xmm3
	vaddss	%xmm2, %xmm0, %xmm0
	vaddss	%xmm0, %xmm3, %xmm0
	vcmpless	%xmm9, %xmm1, %xmm2
	vblendvps	%xmm2, %xmm1, %xmm0, %xmm0
	vcmpltss	.LCPI4_16(%rip), %xmm9, %xmm1
	vmovss	.LCPI4_17(%rip), %xmm2
	vblendvps	%xmm1, %xmm2, %xmm0, %xmm0
	vcmpnless	%xmm9, %xmm4, %xmm1
	vblendvps	%xmm1, %xmm5, %xmm0, %xmm0
	vmaxss	%xmm6, %xmm0, %xmm0
	vmulss	%xmm0, %xmm12, %xmm0
	vaddss	%xmm0, %xmm11, %xmm0
	vsubss	%xmm7, %xmm8, %xmm1
	vmulss	%xmm9, %xmm8, %xmm2
	vmaxss	.LCPI4_21(%rip), %xmm2, %xmm3
	vdivss	%xmm3, %xmm1, %xmm1
	vmulss	.LCPI4_22(%rip), %xmm1, %xmm1
	vmulss	%xmm1, %xmm2, %xmm1
	vmovss	%xmm1, 4(%rax)
	vaddss	%xmm0, %xmm10, %xmm0
	vmulss	%xmm0, %xmm14, %xmm0
	vmovss	%xmm0, (%rsi)
	retq
.Lfunc_end4:
	.size	k4_d_prob, .Lfunc_end4-k4_d_prob

	.globl	k5_d_head
	.p2align	4, 0x90
	.type	k5_d_head,@function
k5_d_head:
	movq	152(%rdi), %rax
	movq	80(%rdi), %rcx
	movq	144(%rdi), %rdx
	vmovss	(%rdx), %xmm0
	vmovss	(%rcx), %xmm1
	vmulss	%xmm1, %xmm0, %xmm2
	vmovss	%xmm2, (%rax)
	vmovss	4(%rcx), %xmm2
	vmulss	%xmm2, %xmm0, %xmm3
	vmovss	%xmm3, 4(%rax)
	vmovss	8(%rcx), %xmm3
	vmulss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, 8(%rax)
	vmovss	4(%rdx), %xmm0
	vmulss	%xmm1, %xmm0, %xmm1
	vmovss	%xmm1, 12(%rax)
	vmulss	%xmm2, %xmm0, %xmm1
	vmovss	%xmm1, 16(%rax)
	vmulss	%xmm3, %xmm0, %xmm0
	vmovss	%xmm0, 20(%rax)
	retq
.Lfunc_end5:
	.size	k5_d_head, .Lfunc_end5-k5_d_head

	.globl	k6_d_head_1
	.p2align	4, 0x90
	.type	k6_d_head_1,@function
k6_d_head_1:
	movq	160(%rdi), %rax
	movq	56(%rdi), %rcx
	movq	144(%rdi), %rdx
	vmovss	(%rdx), %xmm0
	vmulss	(%rcx), %xmm0, %xmm1
	vmulss	4(%rcx), %xmm0, %xmm2
	vmulss	8(%rcx), %xmm0, %xmm0
	vmovss	4(%rdx), %xmm3
	vmulss	12(%rcx), %xmm3, %xmm4
	vaddss	%xmm1, %xmm4, %xmm1
	vmulss	16(%rcx), %xmm3, %xmm4
	vmulss	20(%rcx), %xmm3, %xmm3
	vaddss	%xmm2, %xmm4, %xmm2
	vaddss	%xmm0, %xmm3, %xmm0
	vmovss	%xmm1, (%rax)
	vmovss	%xmm2, 4(%rax)
	vmovss	%xmm0, 8(%rax)
	retq
.Lfunc_end6:
	.size	k6_d_head_1, .Lfunc_end6-k6_d_head_1

	.globl	k7_d_head_2
	.p2align	4, 0x90
	.type	k7_d_head_2,@function
k7_d_head_2:
	movq	144(%rdi), %rax
	movq	168(%rdi), %rcx
	vmovss	4(%rax), %xmm0
	vaddss	(%rax), %xmm0, %xmm0
	vxorps	%xmm1, %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmovss	%xmm0, (%rcx)
	retq
.Lfunc_end7:
	.size	k7_d_head_2, .Lfunc_end7-k7_d_head_2

	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI8_0:
	.quad	21474836482
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI8_1:
	.long	0
	.long	3
	.long	6
	.long	1
	.long	4
	.long	7
	.zero	4
	.zero	4
.LCPI8_3:
	.long	1
	.long	4
	.long	7
	.long	2
	.long	5
	.zero	4
	.zero	4
	.zero	4
.LCPI8_5:
	.long	2
	.long	5
	.long	0
	.long	3
	.long	6
	.zero	4
	.zero	4
	.zero	4
.LCPI8_7:
	.long	5
	.zero	4
	.zero	4
	.long	6
	.zero	4
	.zero	4
	.long	7
	.zero	4
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4, 0x0
.LCPI8_2:
	.long	0
	.long	0
	.long	3
	.long	6
.LCPI8_4:
	.long	0
	.long	1
	.long	4
	.long	7
.LCPI8_6:
	.long	1
	.long	0
	.long	2
	.long	2
	.text
	.globl	k8_d_enc2_1
	.p2align	4, 0x90
	.type	k8_d_enc2_1,@function
k8_d_enc2_1:
	movq	216(%rdi), %rax
	movq	24(%rdi), %rcx
	movq	192(%rdi), %rdx
	vbroadcastss	(%rcx), %ymm4
	vbroadcastss	12(%rcx), %ymm5
	vbroadcastss	24(%rcx), %ymm6
	vbroadcastss	4(%rcx), %ymm7
	vbroadcastss	16(%rcx), %ymm8
	vbroadcastss	28(%rcx), %ymm3
	vbroadcastss	8(%rcx), %ymm1
	vbroadcastss	20(%rcx), %ymm2
	vbroadcastss	32(%rcx), %ymm0
	vmovups	(%rdx), %ymm9
	vmovups	32(%rdx), %ymm10
	vmovups	64(%rdx), %ymm11
	vbroadcastsd	.LCPI8_0(%rip), %ymm12
	vpermps	%ymm11, %ymm12, %ymm12
	vblendps	$146, %ymm10, %ymm9, %ymm13
	vmovaps	.LCPI8_1(%rip), %ymm14
	vpermps	%ymm13, %ymm14, %ymm13
	vblendps	$192, %ymm12, %ymm13, %ymm12
	vbroadcastf128	.LCPI8_2(%rip), %ymm13
	vpermps	%ymm11, %ymm13, %ymm13
	vblendps	$36, %ymm10, %ymm9, %ymm14
	vmovaps	.LCPI8_3(%rip), %ymm15
	vpermps	%ymm14, %ymm15, %ymm14
	vblendps	$224, %ymm13, %ymm14, %ymm13
	vbroadcastf128	.LCPI8_4(%rip), %ymm14
	vpermps	%ymm11, %ymm14, %ymm11
	vblendps	$36, %ymm9, %ymm10, %ymm9
	vmovaps	.LCPI8_5(%rip), %ymm10
	vpermps	%ymm9, %ymm10, %ymm9
	vblendps	$224, %ymm11, %ymm9, %ymm9
	vmulps	%ymm4, %ymm12, %ymm4
	vmulps	%ymm5, %ymm13, %ymm5
	vaddps	%ymm5, %ymm4, %ymm4
	vmulps	%ymm6, %ymm9, %ymm5
	vaddps	%ymm5, %ymm4, %ymm4
	vmulps	%ymm7, %ymm12, %ymm5
	vmulps	%ymm8, %ymm13, %ymm6
	vaddps	%ymm6, %ymm5, %ymm5
	vmulps	%ymm3, %ymm9, %ymm3
	vaddps	%ymm3, %ymm5, %ymm3
	vmulps	%ymm1, %ymm12, %ymm1
	vmulps	%ymm2, %ymm13, %ymm2
	vaddps	%ymm2, %ymm1, %ymm1
	vmulps	%ymm0, %ymm9, %ymm0
	vaddps	%ymm0, %ymm1, %ymm0
	vbroadcastf128	.LCPI8_6(%rip), %ymm1
	vpermps	%ymm3, %ymm1, %ymm1
	vpermpd	$96, %ymm4, %ymm2
	vblendps	$146, %ymm1, %ymm2, %ymm1
	vbroadcastsd	%xmm0, %ymm2
	vblendps	$36, %ymm2, %ymm1, %ymm1
	vmovaps	.LCPI8_7(%rip), %ymm2
	vpermps	%ymm3, %ymm2, %ymm2
	vpermpd	$255, %ymm4, %ymm5
	vblendps	$36, %ymm5, %ymm2, %ymm2
	vpermpd	$246, %ymm0, %ymm5
	vblendps	$146, %ymm5, %ymm2, %ymm2
	vpermilps	$240, %ymm3, %ymm3
	vpermilpd	$1, %ymm4, %ymm4
	vblendps	$36, %ymm3, %ymm4, %ymm3
	vpermilpd	$3, %ymm0, %ymm0
	vblendps	$73, %ymm0, %ymm3, %ymm0
	vmovups	%ymm0, 32(%rax)
	vmovups	%ymm2, 64(%rax)
	vmovups	%ymm1, (%rax)
	vzeroupper
	retq
.Lfunc_end8:
	.size	k8_d_enc2_1, .Lfunc_end8-k8_d_enc2_1

	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI9_0:
	.quad	21474836482
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI9_1:
	.long	0
	.long	3
	.long	6
	.long	1
	.long	4
	.long	7
	.zero	4
	.zero	4
.LCPI9_3:
	.long	1
	.long	4
	.long	7
	.long	2
	.long	5
	.zero	4
	.zero	4
	.zero	4
.LCPI9_4:
	.long	0
	.long	1
	.long	0
	.long	3
	.long	0
	.long	1
	.long	4
	.long	7
.LCPI9_5:
	.long	2
	.long	5
	.long	0
	.long	3
	.long	6
	.zero	4
	.zero	4
	.zero	4
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4, 0x0
.LCPI9_2:
	.long	0
	.long	0
	.long	3
	.long	6
	.text
	.globl	k9_d_enc2_4
	.p2align	4, 0x90
	.type	k9_d_enc2_4,@function
k9_d_enc2_4:
	movq	240(%rdi), %rax
	movq	40(%rdi), %rcx
	movq	192(%rdi), %rdx
	vmovups	(%rdx), %ymm0
	vmovups	32(%rdx), %ymm1
	vmovups	64(%rdx), %ymm2
	vbroadcastsd	.LCPI9_0(%rip), %ymm3
	vpermps	%ymm2, %ymm3, %ymm4
	vblendps	$146, %ymm1, %ymm0, %ymm5
	vmovaps	.LCPI9_1(%rip), %ymm6
	vpermps	%ymm5, %ymm6, %ymm5
	vblendps	$192, %ymm4, %ymm5, %ymm4
	vbroadcastf128	.LCPI9_2(%rip), %ymm5
	vpermps	%ymm2, %ymm5, %ymm7
	vblendps	$36, %ymm1, %ymm0, %ymm8
	vmovaps	.LCPI9_3(%rip), %ymm9
	vpermps	%ymm8, %ymm9, %ymm8
	vblendps	$224, %ymm7, %ymm8, %ymm7
	vmovaps	.LCPI9_4(%rip), %ymm8
	vpermps	%ymm2, %ymm8, %ymm2
	vblendps	$36, %ymm0, %ymm1, %ymm0
	vmovaps	.LCPI9_5(%rip), %ymm1
	vpermps	%ymm0, %ymm1, %ymm0
	vblendps	$224, %ymm2, %ymm0, %ymm0
	vmovups	(%rcx), %ymm2
	vmovups	32(%rcx), %ymm10
	vmovups	64(%rcx), %ymm11
	vpermps	%ymm11, %ymm3, %ymm3
	vblendps	$146, %ymm10, %ymm2, %ymm12
	vpermps	%ymm12, %ymm6, %ymm6
	vblendps	$192, %ymm3, %ymm6, %ymm3
	vpermps	%ymm11, %ymm5, %ymm5
	vblendps	$36, %ymm10, %ymm2, %ymm6
	vpermps	%ymm6, %ymm9, %ymm6
	vblendps	$224, %ymm5, %ymm6, %ymm9
	vpermps	%ymm11, %ymm8, %ymm5
	vblendps	$36, %ymm2, %ymm10, %ymm2
	vpermps	%ymm2, %ymm1, %ymm1
	vblendps	$224, %ymm5, %ymm1, %ymm8
	vmulps	%ymm3, %ymm4, %ymm2
	vmulps	%ymm4, %ymm9, %ymm1
	vmulps	%ymm4, %ymm8, %ymm6
	vmulps	%ymm7, %ymm3, %ymm5
	vmulps	%ymm7, %ymm9, %ymm10
	vmulps	%ymm7, %ymm8, %ymm7
	vmulps	%ymm0, %ymm3, %ymm4
	vmulps	%ymm0, %ymm9, %ymm3
	vmulps	%ymm0, %ymm8, %ymm0
	vextractf128	$1, %ymm0, %xmm8
	vaddps	%xmm0, %xmm8, %xmm0
	vpermilpd	$1, %xmm0, %xmm8
	vaddps	%xmm0, %xmm8, %xmm0
	vmovshdup	%xmm0, %xmm8
	vaddss	%xmm0, %xmm8, %xmm0
	vextractf128	$1, %ymm3, %xmm8
	vaddps	%xmm3, %xmm8, %xmm3
	vpermilpd	$1, %xmm3, %xmm8
	vaddps	%xmm3, %xmm8, %xmm3
	vextractf128	$1, %ymm4, %xmm8
	vaddps	%xmm4, %xmm8, %xmm4
	vpermilpd	$1, %xmm4, %xmm8
	vaddps	%xmm4, %xmm8, %xmm4
	vextractf128	$1, %ymm7, %xmm8
	vaddps	%xmm7, %xmm8, %xmm7
	vpermilpd	$1, %xmm7, %xmm8
	vaddps	%xmm7, %xmm8, %xmm7
	vextractf128	$1, %ymm10, %xmm8
	vaddps	%xmm8, %xmm10, %xmm8
	vpermilpd	$1, %xmm8, %xmm9
	vaddps	%xmm9, %xmm8, %xmm8
	vextractf128	$1, %ymm5, %xmm9
	vextractf128	$1, %ymm6, %xmm10
	vextractf128	$1, %ymm1, %xmm11
	vextractf128	$1, %ymm2, %xmm12
	vaddps	%xmm6, %xmm10, %xmm6
	vpermilpd	$1, %xmm6, %xmm10
	vaddps	%xmm6, %xmm10, %xmm6
	vaddps	%xmm5, %xmm9, %xmm5
	vpermilpd	$1, %xmm5, %xmm9
	vaddps	%xmm5, %xmm9, %xmm5
	vshufps	$85, %xmm6, %xmm5, %xmm9
	vaddps	%xmm2, %xmm12, %xmm2
	vpermilpd	$1, %xmm2, %xmm10
	vaddps	%xmm2, %xmm10, %xmm2
	vaddps	%xmm1, %xmm11, %xmm1
	vpermilpd	$1, %xmm1, %xmm10
	vaddps	%xmm1, %xmm10, %xmm1
	vinsertps	$76, %xmm2, %xmm1, %xmm10
	vshufps	$36, %xmm9, %xmm10, %xmm9
	vmovlhps	%xmm6, %xmm5, %xmm5
	vunpcklps	%xmm1, %xmm2, %xmm1
	vshufps	$36, %xmm5, %xmm1, %xmm1
	vaddps	%xmm1, %xmm9, %xmm1
	vinsertps	$76, %xmm8, %xmm7, %xmm2
	vunpcklps	%xmm7, %xmm8, %xmm5
	vaddps	%xmm2, %xmm5, %xmm2
	vinsertf128	$1, %xmm2, %ymm0, %ymm2
	vunpcklps	%xmm3, %xmm4, %xmm5
	vmovlhps	%xmm4, %xmm3, %xmm3
	vpermilps	$36, %xmm3, %xmm3
	vaddps	%xmm5, %xmm3, %xmm3
	vinsertf128	$1, %xmm3, %ymm0, %ymm3
	vblendps	$192, %ymm3, %ymm2, %ymm2
	vblendps	$15, %ymm1, %ymm2, %ymm1
	vmovups	%ymm1, (%rax)
	vmovss	%xmm0, 32(%rax)
	vzeroupper
	retq
.Lfunc_end9:
	.size	k9_d_enc2_4, .Lfunc_end9-k9_d_enc2_4

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI10_0:
	.long	0x3f800000
	.text
	.globl	k10_d_enc
	.p2align	4, 0x90
	.type	k10_d_enc,@function
k10_d_enc:
	movq	40(%rdi), %rax
	movq	200(%rdi), %rcx
	movq	216(%rdi), %rdx
	xorl	%esi, %esi
	vbroadcastss	.LCPI10_0(%rip), %ymm0
	.p2align	4, 0x90
.LBB10_1:
	vmovups	(%rcx,%rsi,4), %ymm1
	vaddps	(%rdx,%rsi,4), %ymm1, %ymm1
	vmovups	(%rax,%rsi,4), %ymm2
	vmulps	%ymm2, %ymm2, %ymm2
	vsubps	%ymm2, %ymm0, %ymm2
	vmulps	%ymm2, %ymm1, %ymm1
	vmovups	%ymm1, (%rcx,%rsi,4)
	addq	$8, %rsi
	cmpq	$24, %rsi
	jne	.LBB10_1
	vzeroupper
	retq
.Lfunc_end10:
	.size	k10_d_enc, .Lfunc_end10-k10_d_enc

	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI11_0:
	.quad	21474836482
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI11_1:
	.long	0
	.long	3
	.long	6
	.long	1
	.long	4
	.long	7
	.zero	4
	.zero	4
.LCPI11_3:
	.long	1
	.long	4
	.long	7
	.long	2
	.long	5
	.zero	4
	.zero	4
	.zero	4
.LCPI11_4:
	.long	0
	.long	1
	.long	0
	.long	3
	.long	0
	.long	1
	.long	4
	.long	7
.LCPI11_5:
	.long	2
	.long	5
	.long	0
	.long	3
	.long	6
	.zero	4
	.zero	4
	.zero	4
	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4, 0x0
.LCPI11_2:
	.long	0
	.long	0
	.long	3
	.long	6
	.text
	.globl	k11_d_enc_3
	.p2align	4, 0x90
	.type	k11_d_enc_3,@function
k11_d_enc_3:
	movq	280(%rdi), %rax
	movq	(%rdi), %rcx
	movq	200(%rdi), %rdx
	vmovups	(%rdx), %ymm0
	vmovups	32(%rdx), %ymm1
	vmovups	64(%rdx), %ymm2
	vbroadcastsd	.LCPI11_0(%rip), %ymm3
	vpermps	%ymm2, %ymm3, %ymm4
	vblendps	$146, %ymm1, %ymm0, %ymm5
	vmovaps	.LCPI11_1(%rip), %ymm6
	vpermps	%ymm5, %ymm6, %ymm5
	vblendps	$192, %ymm4, %ymm5, %ymm4
	vbroadcastf128	.LCPI11_2(%rip), %ymm5
	vpermps	%ymm2, %ymm5, %ymm7
	vblendps	$36, %ymm1, %ymm0, %ymm8
	vmovaps	.LCPI11_3(%rip), %ymm9
	vpermps	%ymm8, %ymm9, %ymm8
	vblendps	$224, %ymm7, %ymm8, %ymm7
	vmovaps	.LCPI11_4(%rip), %ymm8
	vpermps	%ymm2, %ymm8, %ymm2
	vblendps	$36, %ymm0, %ymm1, %ymm0
	vmovaps	.LCPI11_5(%rip), %ymm1
	vpermps	%ymm0, %ymm1, %ymm0
	vblendps	$224, %ymm2, %ymm0, %ymm0
	vmovups	(%rcx), %ymm2
	vmovups	32(%rcx), %ymm10
	vmovups	64(%rcx), %ymm11
	vpermps	%ymm11, %ymm3, %ymm3
	vblendps	$146, %ymm10, %ymm2, %ymm12
	vpermps	%ymm12, %ymm6, %ymm6
	vblendps	$192, %ymm3, %ymm6, %ymm3
	vpermps	%ymm11, %ymm5, %ymm5
	vblendps	$36, %ymm10, %ymm2, %ymm6
	vpermps	%ymm6, %ymm9, %ymm6
	vblendps	$224, %ymm5, %ymm6, %ymm9
	vpermps	%ymm11, %ymm8, %ymm5
	vblendps	$36, %ymm2, %ymm10, %ymm2
	vpermps	%ymm2, %ymm1, %ymm1
	vblendps	$224, %ymm5, %ymm1, %ymm8
	vmulps	%ymm3, %ymm4, %ymm2
	vmulps	%ymm4, %ymm9, %ymm1
	vmulps	%ymm4, %ymm8, %ymm6
	vmulps	%ymm7, %ymm3, %ymm5
	vmulps	%ymm7, %ymm9, %ymm10
	vmulps	%ymm7, %ymm8, %ymm7
	vmulps	%ymm0, %ymm3, %ymm4
	vmulps	%ymm0, %ymm9, %ymm3
	vmulps	%ymm0, %ymm8, %ymm0
	vextractf128	$1, %ymm0, %xmm8
	vaddps	%xmm0, %xmm8, %xmm0
	vpermilpd	$1, %xmm0, %xmm8
	vaddps	%xmm0, %xmm8, %xmm0
	vmovshdup	%xmm0, %xmm8
	vaddss	%xmm0, %xmm8, %xmm0
	vextractf128	$1, %ymm3, %xmm8
	vaddps	%xmm3, %xmm8, %xmm3
	vpermilpd	$1, %xmm3, %xmm8
	vaddps	%xmm3, %xmm8, %xmm3
	vextractf128	$1, %ymm4, %xmm8
	vaddps	%xmm4, %xmm8, %xmm4
	vpermilpd	$1, %xmm4, %xmm8
	vaddps	%xmm4, %xmm8, %xmm4
	vextractf128	$1, %ymm7, %xmm8
	vaddps	%xmm7, %xmm8, %xmm7
	vpermilpd	$1, %xmm7, %xmm8
	vaddps	%xmm7, %xmm8, %xmm7
	vextractf128	$1, %ymm10, %xmm8
	vaddps	%xmm8, %xmm10, %xmm8
	vpermilpd	$1, %xmm8, %xmm9
	vaddps	%xmm9, %xmm8, %xmm8
	vextractf128	$1, %ymm5, %xmm9
	vextractf128	$1, %ymm6, %xmm10
	vextractf128	$1, %ymm1, %xmm11
	vextractf128	$1, %ymm2, %xmm12
	vaddps	%xmm6, %xmm10, %xmm6
	vpermilpd	$1, %xmm6, %xmm10
	vaddps	%xmm6, %xmm10, %xmm6
	vaddps	%xmm5, %xmm9, %xmm5
	vpermilpd	$1, %xmm5, %xmm9
	vaddps	%xmm5, %xmm9, %xmm5
	vshufps	$85, %xmm6, %xmm5, %xmm9
	vaddps	%xmm2, %xmm12, %xmm2
	vpermilpd	$1, %xmm2, %xmm10
	vaddps	%xmm2, %xmm10, %xmm2
	vaddps	%xmm1, %xmm11, %xmm1
	vpermilpd	$1, %xmm1, %xmm10
	vaddps	%xmm1, %xmm10, %xmm1
	vinsertps	$76, %xmm2, %xmm1, %xmm10
	vshufps	$36, %xmm9, %xmm10, %xmm9
	vmovlhps	%xmm6, %xmm5, %xmm5
	vunpcklps	%xmm1, %xmm2, %xmm1
	vshufps	$36, %xmm5, %xmm1, %xmm1
	vaddps	%xmm1, %xmm9, %xmm1
	vinsertps	$76, %xmm8, %xmm7, %xmm2
	vunpcklps	%xmm7, %xmm8, %xmm5
	vaddps	%xmm2, %xmm5, %xmm2
	vinsertf128	$1, %xmm2, %ymm0, %ymm2
	vunpcklps	%xmm3, %xmm4, %xmm5
	vmovlhps	%xmm4, %xmm3, %xmm3
	vpermilps	$36, %xmm3, %xmm3
	vaddps	%xmm5, %xmm3, %xmm3
	vinsertf128	$1, %xmm3, %ymm0, %ymm3
	vblendps	$192, %ymm3, %ymm2, %ymm2
	vblendps	$15, %ymm1, %ymm2, %ymm1
	vmovups	%ymm1, (%rax)
	vmovss	%xmm0, 32(%rax)
	vzeroupper
	retq
.Lfunc_end11:
	.size	k11_d_enc_3, .Lfunc_end11-k11_d_enc_3

	.globl	k12_d_enc_4
	.p2align	4, 0x90
	.type	k12_d_enc_4,@function
k12_d_enc_4:
	movq	200(%rdi), %rax
	movq	288(%rdi), %rcx
	vxorps	%xmm0, %xmm0, %xmm0
	vaddss	(%rax), %xmm0, %xmm1
	vaddss	4(%rax), %xmm0, %xmm2
	vaddss	8(%rax), %xmm0, %xmm0
	vaddss	12(%rax), %xmm1, %xmm1
	vaddss	16(%rax), %xmm2, %xmm2
	vaddss	20(%rax), %xmm0, %xmm0
	vaddss	24(%rax), %xmm1, %xmm1
	vaddss	28(%rax), %xmm2, %xmm2
	vaddss	32(%rax), %xmm0, %xmm0
	vaddss	36(%rax), %xmm1, %xmm1
	vaddss	40(%rax), %xmm2, %xmm2
	vaddss	44(%rax), %xmm0, %xmm0
	vaddss	48(%rax), %xmm1, %xmm1
	vaddss	52(%rax), %xmm2, %xmm2
	vaddss	56(%rax), %xmm0, %xmm0
	vaddss	60(%rax), %xmm1, %xmm1
	vaddss	64(%rax), %xmm2, %xmm2
	vaddss	68(%rax), %xmm0, %xmm0
	vaddss	72(%rax), %xmm1, %xmm1
	vaddss	76(%rax), %xmm2, %xmm2
	vaddss	80(%rax), %xmm0, %xmm0
	vaddss	84(%rax), %xmm1, %xmm1
	vmovss	%xmm1, (%rcx)
	vaddss	88(%rax), %xmm2, %xmm1
	vmovss	%xmm1, 4(%rcx)
	vaddss	92(%rax), %xmm0, %xmm0
	vmovss	%xmm0, 8(%rcx)
	retq
.Lfunc_end12:
	.size	k12_d_enc_4, .Lfunc_end12-k12_d_enc_4

	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI13_0:
	.quad	0
	.quad	1
	.quad	2
	.quad	3
.LCPI13_1:
	.quad	4
	.quad	5
	.quad	6
	.quad	7
	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI13_2:
	.quad	-9223372036854775808
.LCPI13_3:
	.quad	-9223372036854775799
	.text
	.globl	k13_d_enc_5
	.p2align	4, 0x90
	.type	k13_d_enc_5,@function
k13_d_enc_5:
	movq	240(%rdi), %rax
	movq	280(%rdi), %rcx
	xorl	%edx, %edx
	vmovdqa	.LCPI13_0(%rip), %ymm0
	vmovdqa	.LCPI13_1(%rip), %ymm1
	vpbroadcastq	.LCPI13_2(%rip), %ymm2
	vpbroadcastq	.LCPI13_3(%rip), %ymm3
	.p2align	4, 0x90
.LBB13_1:
	vmovq	%rdx, %xmm4
	vpbroadcastq	%xmm4, %ymm4
	vpor	%ymm0, %ymm4, %ymm5
	vpor	%ymm1, %ymm4, %ymm4
	vpxor	%ymm2, %ymm4, %ymm4
	vpcmpgtq	%ymm4, %ymm3, %ymm4
	vpxor	%ymm2, %ymm5, %ymm5
	vpcmpgtq	%ymm5, %ymm3, %ymm5
	vpackssdw	%ymm4, %ymm5, %ymm4
	vpermq	$216, %ymm4, %ymm4
	vmaskmovps	(%rax,%rdx,4), %ymm4, %ymm5
	vmaskmovps	(%rcx,%rdx,4), %ymm4, %ymm6
	vaddps	%ymm6, %ymm5, %ymm5
	vmaskmovps	%ymm5, %ymm4, (%rax,%rdx,4)
	addq	$8, %rdx
	cmpq	$16, %rdx
	jne	.LBB13_1
	vzeroupper
	retq
.Lfunc_end13:
	.size	k13_d_enc_5, .Lfunc_end13-k13_d_enc_5

	.section	".note.GNU-stack","",@progbits
