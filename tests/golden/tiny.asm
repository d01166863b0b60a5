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
	pushq	%r14
	pushq	%rbx
	subq	$1256, %rsp
	movq	%rdx, %rcx
	movq	40(%rdi), %r8
	movq	(%rdi), %r9
	movq	24(%rdi), %rax
	movq	32(%rdi), %rdx
	vmovss	(%rdx), %xmm0
	vmovss	4(%rdx), %xmm1
	vmovss	(%rax), %xmm2
	vmovss	4(%rax), %xmm3
	vmovss	8(%rax), %xmm7
	vmovss	12(%rax), %xmm4
	vmovss	16(%rax), %xmm5
	vmovss	20(%rax), %xmm6
	vmovss	8(%rdx), %xmm8
	vmovss	24(%rax), %xmm9
	vmovss	28(%rax), %xmm10
	vmovss	32(%rax), %xmm11
	leaq	1(%rsi), %rdx
	cmpq	%rdx, %rcx
	movq	%rdx, %rdi
	cmovgq	%rcx, %rdi
	subq	%rsi, %rdi
	cmpq	$8, %rdi
	vmovaps	%xmm0, -112(%rsp)
	vmovaps	%xmm2, 288(%rsp)
	vmovaps	%xmm3, 272(%rsp)
	vmovaps	%xmm7, -128(%rsp)
	vmovaps	%xmm8, 208(%rsp)
	vmovaps	%xmm9, 192(%rsp)
	vmovaps	%xmm10, 176(%rsp)
	vmovaps	%xmm11, 160(%rsp)
	vmovaps	%xmm1, 304(%rsp)
	vmovaps	%xmm4, 256(%rsp)
	vmovaps	%xmm5, 240(%rsp)
	vmovaps	%xmm6, 224(%rsp)
	jb	.LBB0_10
	cmpq	%rdx, %rcx
	cmovgq	%rcx, %rdx
	movq	%rsi, %rax
	notq	%rax
	addq	%rdx, %rax
	leaq	(,%rsi,4), %rdx
	leaq	(%rdx,%rdx,2), %r10
	leaq	(%r8,%r10), %rbx
	addq	$4, %rbx
	movl	$12, %edx
	mulq	%rdx
	seto	%dl
	leaq	(%r8,%r10), %r11
	leaq	(%rax,%r11), %r14
	addq	$4, %r14
	cmpq	%rbx, %r14
	jb	.LBB0_10
	testb	%dl, %dl
	jne	.LBB0_10
	leaq	(%r8,%r10), %rbx
	addq	$8, %rbx
	leaq	(%rax,%r11), %r14
	addq	$8, %r14
	cmpq	%rbx, %r14
	jb	.LBB0_10
	testb	%dl, %dl
	jne	.LBB0_10
	addq	%r11, %rax
	cmpq	%r11, %rax
	jb	.LBB0_10
	testb	%dl, %dl
	jne	.LBB0_10
	movq	%rdi, %rax
	andq	$-8, %rax
	addq	%rax, %rsi
	vbroadcastss	%xmm2, %ymm2
	vmovups	%ymm2, 1216(%rsp)
	vbroadcastss	%xmm0, %ymm0
	vmovups	%ymm0, 1184(%rsp)
	vbroadcastss	%xmm3, %ymm0
	vmovups	%ymm0, 1152(%rsp)
	vbroadcastss	%xmm7, %ymm0
	vmovups	%ymm0, 1120(%rsp)
	vbroadcastss	%xmm4, %ymm0
	vmovups	%ymm0, 1088(%rsp)
	vbroadcastss	%xmm1, %ymm0
	vmovups	%ymm0, 1056(%rsp)
	vbroadcastss	%xmm5, %ymm0
	vmovups	%ymm0, 1024(%rsp)
	vbroadcastss	%xmm6, %ymm0
	vmovups	%ymm0, 992(%rsp)
	vbroadcastss	%xmm9, %ymm0
	vmovups	%ymm0, 960(%rsp)
	vbroadcastss	%xmm8, %ymm0
	vmovups	%ymm0, 928(%rsp)
	vbroadcastss	%xmm10, %ymm0
	vmovups	%ymm0, 896(%rsp)
	vbroadcastss	%xmm11, %ymm0
	vmovups	%ymm0, 864(%rsp)
	vbroadcastsd	.LCPI0_0(%rip), %ymm0
	vmovups	%ymm0, 832(%rsp)
	vbroadcastf128	.LCPI0_2(%rip), %ymm0
	vmovups	%ymm0, 800(%rsp)
	movq	%rax, %rdx
	vbroadcastss	.LCPI0_6(%rip), %ymm0
	vmovups	%ymm0, 672(%rsp)
	vbroadcastss	.LCPI0_7(%rip), %ymm0
	vmovups	%ymm0, 576(%rsp)
	vbroadcastss	.LCPI0_8(%rip), %ymm0
	vmovups	%ymm0, -96(%rsp)
	vbroadcastss	.LCPI0_9(%rip), %ymm0
	vmovups	%ymm0, 544(%rsp)
	vbroadcastss	.LCPI0_10(%rip), %ymm0
	vmovups	%ymm0, 512(%rsp)
	vbroadcastss	.LCPI0_11(%rip), %ymm0
	vmovups	%ymm0, 128(%rsp)
	vbroadcastss	.LCPI0_12(%rip), %ymm0
	vmovups	%ymm0, 480(%rsp)
	vbroadcastss	.LCPI0_13(%rip), %ymm0
	vmovups	%ymm0, 768(%rsp)
	vbroadcastss	.LCPI0_14(%rip), %ymm0
	vmovups	%ymm0, 448(%rsp)
	vbroadcastss	.LCPI0_15(%rip), %ymm0
	vmovups	%ymm0, 736(%rsp)
	vbroadcastss	.LCPI0_16(%rip), %ymm0
	vmovups	%ymm0, 416(%rsp)
	vbroadcastss	.LCPI0_17(%rip), %ymm0
	vmovups	%ymm0, 96(%rsp)
	vbroadcastss	.LCPI0_18(%rip), %ymm0
	vmovups	%ymm0, 64(%rsp)
	vbroadcastss	.LCPI0_19(%rip), %ymm0
	vmovups	%ymm0, 384(%rsp)
	vbroadcastss	.LCPI0_20(%rip), %ymm0
	vmovups	%ymm0, 352(%rsp)
	vbroadcastss	.LCPI0_21(%rip), %ymm0
	vmovups	%ymm0, 32(%rsp)
	vbroadcastss	.LCPI0_22(%rip), %ymm0
	vmovups	%ymm0, (%rsp)
	vbroadcastss	.LCPI0_23(%rip), %ymm12
	vbroadcastss	.LCPI0_15(%rip), %ymm0
	vmovups	%ymm0, -32(%rsp)
	vbroadcastss	.LCPI0_24(%rip), %ymm0
	vmovups	%ymm0, 320(%rsp)
	vbroadcastf128	.LCPI0_25(%rip), %ymm0
	vmovups	%ymm0, 704(%rsp)
	.p2align	4, 0x90
.LBB0_8:
	vmovups	(%r9,%r10), %ymm5
	vmovups	32(%r9,%r10), %ymm7
	vmovups	64(%r9,%r10), %ymm8
	vmovups	832(%rsp), %ymm0
	vpermps	%ymm8, %ymm0, %ymm3
	vblendps	$146, %ymm7, %ymm5, %ymm6
	vmovaps	.LCPI0_1(%rip), %ymm0
	vpermps	%ymm6, %ymm0, %ymm6
	vblendps	$192, %ymm3, %ymm6, %ymm3
	vmovups	800(%rsp), %ymm0
	vpermps	%ymm8, %ymm0, %ymm6
	vblendps	$36, %ymm7, %ymm5, %ymm13
	vmovaps	.LCPI0_3(%rip), %ymm0
	vpermps	%ymm13, %ymm0, %ymm13
	vblendps	$224, %ymm6, %ymm13, %ymm1
	vmovups	%ymm1, 608(%rsp)
	vmovaps	.LCPI0_4(%rip), %ymm0
	vpermps	%ymm8, %ymm0, %ymm8
	vblendps	$36, %ymm5, %ymm7, %ymm5
	vmovaps	.LCPI0_5(%rip), %ymm0
	vpermps	%ymm5, %ymm0, %ymm5
	vblendps	$224, %ymm8, %ymm5, %ymm0
	vmovups	%ymm0, 640(%rsp)
	vmulps	1216(%rsp), %ymm3, %ymm5
	vaddps	1184(%rsp), %ymm5, %ymm5
	vmulps	1152(%rsp), %ymm1, %ymm8
	vaddps	%ymm5, %ymm8, %ymm5
	vmulps	1120(%rsp), %ymm0, %ymm8
	vaddps	%ymm5, %ymm8, %ymm5
	vmovups	672(%rsp), %ymm1
	vandps	%ymm1, %ymm5, %ymm13
	vmulps	%ymm5, %ymm5, %ymm8
	vmovups	-96(%rsp), %ymm10
	vmovups	576(%rsp), %ymm14
	vfmadd213ps	%ymm14, %ymm8, %ymm10
	vmovups	544(%rsp), %ymm11
	vfmadd213ps	%ymm11, %ymm8, %ymm10
	vmovups	512(%rsp), %ymm7
	vfmadd213ps	%ymm7, %ymm8, %ymm10
	vfmadd213ps	128(%rsp), %ymm8, %ymm10
	vmulps	%ymm10, %ymm8, %ymm8
	vmulps	%ymm5, %ymm8, %ymm0
	vmovups	%ymm0, -64(%rsp)
	vaddps	%ymm13, %ymm13, %ymm10
	vmovups	768(%rsp), %ymm6
	vcmpltps	%ymm10, %ymm6, %ymm8
	vminps	%ymm10, %ymm6, %ymm10
	vmulps	448(%rsp), %ymm10, %ymm0
	vmovups	736(%rsp), %ymm2
	vaddps	%ymm2, %ymm0, %ymm0
	vroundps	$9, %ymm0, %ymm0
	vmulps	416(%rsp), %ymm0, %ymm9
	vmulps	96(%rsp), %ymm0, %ymm4
	vsubps	%ymm4, %ymm10, %ymm4
	vaddps	%ymm4, %ymm9, %ymm4
	vmovups	384(%rsp), %ymm15
	vmovaps	%ymm15, %ymm9
	vfmadd213ps	64(%rsp), %ymm4, %ymm9
	vfmadd213ps	352(%rsp), %ymm4, %ymm9
	vfmadd213ps	32(%rsp), %ymm4, %ymm9
	vfmadd213ps	(%rsp), %ymm4, %ymm9
	vfmadd213ps	%ymm2, %ymm4, %ymm9
	vmulps	%ymm4, %ymm4, %ymm10
	vmulps	%ymm9, %ymm10, %ymm9
	vaddps	%ymm4, %ymm9, %ymm4
	vaddps	%ymm4, %ymm12, %ymm4
	vcvttps2dq	%ymm0, %ymm0
	vpslld	$23, %ymm0, %ymm0
	vpaddd	-32(%rsp), %ymm0, %ymm0
	vaddps	%ymm4, %ymm4, %ymm4
	vmulps	%ymm0, %ymm4, %ymm0
	vaddps	%ymm0, %ymm12, %ymm0
	vmovups	480(%rsp), %ymm4
	vdivps	%ymm0, %ymm4, %ymm0
	vsubps	%ymm0, %ymm12, %ymm0
	vblendvps	%ymm8, %ymm12, %ymm0, %ymm0
	vandps	%ymm1, %ymm0, %ymm0
	vandnps	%ymm5, %ymm1, %ymm4
	vorps	%ymm4, %ymm0, %ymm0
	vxorps	%xmm4, %xmm4, %xmm4
	vcmpunordps	%ymm4, %ymm5, %ymm4
	vblendvps	%ymm4, %ymm5, %ymm0, %ymm0
	vaddps	-64(%rsp), %ymm5, %ymm4
	vcmpltps	320(%rsp), %ymm13, %ymm5
	vblendvps	%ymm5, %ymm4, %ymm0, %ymm0
	vmovups	%ymm0, -64(%rsp)
	vmulps	1088(%rsp), %ymm3, %ymm0
	vaddps	1056(%rsp), %ymm0, %ymm0
	vmovups	608(%rsp), %ymm4
	vmulps	1024(%rsp), %ymm4, %ymm4
	vaddps	%ymm4, %ymm0, %ymm0
	vmovups	640(%rsp), %ymm4
	vmulps	992(%rsp), %ymm4, %ymm4
	vaddps	%ymm4, %ymm0, %ymm13
	vandps	%ymm1, %ymm13, %ymm8
	vmulps	%ymm13, %ymm13, %ymm0
	vmovups	-96(%rsp), %ymm4
	vfmadd213ps	%ymm14, %ymm0, %ymm4
	vfmadd213ps	%ymm11, %ymm0, %ymm4
	vfmadd213ps	%ymm7, %ymm0, %ymm4
	vfmadd213ps	128(%rsp), %ymm0, %ymm4
	vmulps	%ymm4, %ymm0, %ymm0
	vaddps	%ymm8, %ymm8, %ymm4
	vminps	%ymm4, %ymm6, %ymm9
	vmovups	448(%rsp), %ymm7
	vmulps	%ymm7, %ymm9, %ymm10
	vaddps	%ymm2, %ymm10, %ymm10
	vroundps	$9, %ymm10, %ymm10
	vmovups	416(%rsp), %ymm5
	vmulps	%ymm5, %ymm10, %ymm11
	vmulps	96(%rsp), %ymm10, %ymm14
	vsubps	%ymm14, %ymm9, %ymm9
	vaddps	%ymm9, %ymm11, %ymm9
	vmovaps	%ymm15, %ymm11
	vfmadd213ps	64(%rsp), %ymm9, %ymm11
	vmovups	352(%rsp), %ymm15
	vfmadd213ps	%ymm15, %ymm9, %ymm11
	vfmadd213ps	32(%rsp), %ymm9, %ymm11
	vfmadd213ps	(%rsp), %ymm9, %ymm11
	vfmadd213ps	%ymm2, %ymm9, %ymm11
	vmulps	%ymm9, %ymm9, %ymm14
	vmulps	%ymm11, %ymm14, %ymm11
	vaddps	%ymm11, %ymm9, %ymm9
	vaddps	%ymm12, %ymm9, %ymm9
	vcvttps2dq	%ymm10, %ymm10
	vpslld	$23, %ymm10, %ymm10
	vpaddd	-32(%rsp), %ymm10, %ymm10
	vaddps	%ymm9, %ymm9, %ymm9
	vmulps	%ymm10, %ymm9, %ymm9
	vmulps	%ymm0, %ymm13, %ymm0
	vcmpltps	%ymm4, %ymm6, %ymm4
	vaddps	%ymm12, %ymm9, %ymm9
	vmovups	480(%rsp), %ymm10
	vdivps	%ymm9, %ymm10, %ymm9
	vsubps	%ymm9, %ymm12, %ymm9
	vblendvps	%ymm4, %ymm12, %ymm9, %ymm4
	vandps	%ymm1, %ymm4, %ymm4
	vandnps	%ymm13, %ymm1, %ymm9
	vorps	%ymm4, %ymm9, %ymm4
	vcmpunordps	.LCPI0_27(%rip), %ymm13, %ymm9
	vblendvps	%ymm9, %ymm13, %ymm4, %ymm4
	vaddps	%ymm0, %ymm13, %ymm0
	vmovups	320(%rsp), %ymm11
	vcmpltps	%ymm11, %ymm8, %ymm8
	vblendvps	%ymm8, %ymm0, %ymm4, %ymm13
	vmulps	960(%rsp), %ymm3, %ymm0
	vaddps	928(%rsp), %ymm0, %ymm0
	vmovups	608(%rsp), %ymm3
	vmulps	896(%rsp), %ymm3, %ymm3
	vaddps	%ymm3, %ymm0, %ymm0
	vmovups	640(%rsp), %ymm3
	vmulps	864(%rsp), %ymm3, %ymm3
	vaddps	%ymm3, %ymm0, %ymm3
	vandps	%ymm1, %ymm3, %ymm14
	vaddps	%ymm14, %ymm14, %ymm0
	vminps	%ymm0, %ymm6, %ymm4
	vmulps	%ymm7, %ymm4, %ymm7
	vaddps	%ymm2, %ymm7, %ymm7
	vroundps	$9, %ymm7, %ymm7
	vmulps	%ymm5, %ymm7, %ymm8
	vmulps	96(%rsp), %ymm7, %ymm9
	vsubps	%ymm9, %ymm4, %ymm4
	vaddps	%ymm4, %ymm8, %ymm4
	vmovups	384(%rsp), %ymm8
	vfmadd213ps	64(%rsp), %ymm4, %ymm8
	vfmadd213ps	%ymm15, %ymm4, %ymm8
	vfmadd213ps	32(%rsp), %ymm4, %ymm8
	vfmadd213ps	(%rsp), %ymm4, %ymm8
	vfmadd213ps	%ymm2, %ymm4, %ymm8
	vmulps	%ymm4, %ymm4, %ymm9
	vmulps	%ymm8, %ymm9, %ymm8
	vaddps	%ymm4, %ymm8, %ymm4
	vaddps	%ymm4, %ymm12, %ymm4
	vcvttps2dq	%ymm7, %ymm7
	vpslld	$23, %ymm7, %ymm7
	vpaddd	-32(%rsp), %ymm7, %ymm7
	vaddps	%ymm4, %ymm4, %ymm4
	vmulps	%ymm7, %ymm4, %ymm4
	vmulps	%ymm3, %ymm3, %ymm7
	vaddps	%ymm4, %ymm12, %ymm4
	vdivps	%ymm4, %ymm10, %ymm4
	vcmpltps	%ymm0, %ymm6, %ymm0
	vsubps	%ymm4, %ymm12, %ymm4
	vblendvps	%ymm0, %ymm12, %ymm4, %ymm0
	vmovups	-96(%rsp), %ymm4
	vfmadd213ps	576(%rsp), %ymm7, %ymm4
	vfmadd213ps	544(%rsp), %ymm7, %ymm4
	vfmadd213ps	512(%rsp), %ymm7, %ymm4
	vfmadd213ps	128(%rsp), %ymm7, %ymm4
	vmulps	%ymm4, %ymm7, %ymm4
	vandps	%ymm1, %ymm0, %ymm0
	vandnps	%ymm3, %ymm1, %ymm7
	vorps	%ymm7, %ymm0, %ymm0
	vcmpunordps	.LCPI0_27(%rip), %ymm3, %ymm7
	vblendvps	%ymm7, %ymm3, %ymm0, %ymm0
	vmulps	%ymm4, %ymm3, %ymm4
	vaddps	%ymm4, %ymm3, %ymm3
	vcmpltps	%ymm11, %ymm14, %ymm4
	vblendvps	%ymm4, %ymm3, %ymm0, %ymm0
	vmovups	704(%rsp), %ymm2
	vpermps	%ymm13, %ymm2, %ymm3
	vmovups	-64(%rsp), %ymm1
	vpermpd	$96, %ymm1, %ymm4
	vblendps	$146, %ymm3, %ymm4, %ymm3
	vbroadcastsd	%xmm0, %ymm4
	vblendps	$36, %ymm4, %ymm3, %ymm3
	vpermilps	$240, %ymm13, %ymm4
	vpermilpd	$1, %ymm1, %ymm6
	vblendps	$36, %ymm4, %ymm6, %ymm4
	vpermilpd	$3, %ymm0, %ymm6
	vblendps	$73, %ymm6, %ymm4, %ymm4
	vmovaps	.LCPI0_26(%rip), %ymm2
	vpermps	%ymm13, %ymm2, %ymm6
	vpermpd	$255, %ymm1, %ymm5
	vblendps	$36, %ymm5, %ymm6, %ymm5
	vpermpd	$246, %ymm0, %ymm0
	vblendps	$146, %ymm0, %ymm5, %ymm0
	vmovups	%ymm0, 64(%r8,%r10)
	vmovups	%ymm4, 32(%r8,%r10)
	vmovups	%ymm3, (%r8,%r10)
	addq	$96, %r10
	addq	$-8, %rdx
	jne	.LBB0_8
	cmpq	%rax, %rdi
	vmovaps	-112(%rsp), %xmm0
	vmovaps	-128(%rsp), %xmm7
	je	.LBB0_12
.LBB0_10:
	leaq	(%rsi,%rsi,2), %rax
	leaq	8(,%rax,4), %rax
	vbroadcastss	.LCPI0_6(%rip), %xmm12
	vmovss	.LCPI0_23(%rip), %xmm13
	vmovss	.LCPI0_13(%rip), %xmm4
	.p2align	4, 0x90
.LBB0_11:
	vmovss	-8(%r9,%rax), %xmm3
	vmovss	-4(%r9,%rax), %xmm1
	vmovss	(%r9,%rax), %xmm14
	vmulss	288(%rsp), %xmm3, %xmm5
	vaddss	%xmm5, %xmm0, %xmm5
	vmulss	272(%rsp), %xmm1, %xmm6
	vaddss	%xmm6, %xmm5, %xmm5
	vmulss	%xmm7, %xmm14, %xmm6
	vaddss	%xmm6, %xmm5, %xmm5
	vandps	%xmm5, %xmm12, %xmm6
	vmulss	%xmm5, %xmm5, %xmm7
	vmovss	.LCPI0_8(%rip), %xmm9
	vmovss	.LCPI0_7(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm7, %xmm9
	vmovss	.LCPI0_9(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm7, %xmm9
	vmovss	.LCPI0_10(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm7, %xmm9
	vmovss	.LCPI0_11(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm7, %xmm9
	vmulss	%xmm7, %xmm9, %xmm7
	vmulss	%xmm7, %xmm5, %xmm7
	vaddss	%xmm6, %xmm6, %xmm9
	vminss	%xmm9, %xmm4, %xmm10
	vmovss	.LCPI0_14(%rip), %xmm2
	vmulss	%xmm2, %xmm10, %xmm8
	vmovss	.LCPI0_15(%rip), %xmm2
	vaddss	%xmm2, %xmm8, %xmm8
	vroundss	$9, %xmm8, %xmm8, %xmm8
	vmovss	.LCPI0_16(%rip), %xmm0
	vmulss	%xmm0, %xmm8, %xmm11
	vmovss	.LCPI0_17(%rip), %xmm0
	vmulss	%xmm0, %xmm8, %xmm15
	vsubss	%xmm15, %xmm10, %xmm10
	vaddss	%xmm10, %xmm11, %xmm10
	vmovss	.LCPI0_19(%rip), %xmm11
	vmovss	.LCPI0_18(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm10, %xmm11
	vmovss	.LCPI0_20(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm10, %xmm11
	vmovss	.LCPI0_21(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm10, %xmm11
	vmovss	.LCPI0_22(%rip), %xmm0
	vfmadd213ss	%xmm0, %xmm10, %xmm11
	vfmadd213ss	%xmm2, %xmm10, %xmm11
	vmulss	%xmm10, %xmm10, %xmm15
	vmulss	%xmm11, %xmm15, %xmm11
	vaddss	%xmm11, %xmm10, %xmm10
	vaddss	%xmm13, %xmm10, %xmm10
	vcvttss2si	%xmm8, %edx
	shll	$23, %edx
	addl	$1056964608, %edx
	vmovd	%edx, %xmm8
	vaddss	%xmm10, %xmm10, %xmm10
	vmulss	%xmm8, %xmm10, %xmm8
	vaddss	%xmm13, %xmm8, %xmm8
	vmovss	.LCPI0_12(%rip), %xmm0
	vdivss	%xmm8, %xmm0, %xmm8
	vsubss	%xmm8, %xmm13, %xmm8
	vcmpltss	%xmm9, %xmm4, %xmm9
	vblendvps	%xmm9, %xmm13, %xmm8, %xmm8
	vandps	%xmm12, %xmm8, %xmm8
	vandnps	%xmm5, %xmm12, %xmm9
	vorps	%xmm9, %xmm8, %xmm8
	vcmpunordss	%xmm5, %xmm5, %xmm9
	vblendvps	%xmm9, %xmm5, %xmm8, %xmm8
	vaddss	%xmm7, %xmm5, %xmm5
	vmovss	.LCPI0_24(%rip), %xmm0
	vcmpltss	%xmm0, %xmm6, %xmm6
	vblendvps	%xmm6, %xmm5, %xmm8, %xmm0
	vmovaps	%xmm0, -96(%rsp)
	vmulss	256(%rsp), %xmm3, %xmm6
	vaddss	304(%rsp), %xmm6, %xmm6
	vmulss	240(%rsp), %xmm1, %xmm7
	vaddss	%xmm7, %xmm6, %xmm6
	vmulss	224(%rsp), %xmm14, %xmm7
	vaddss	%xmm7, %xmm6, %xmm6
	vandps	%xmm6, %xmm12, %xmm7
	vmulss	%xmm6, %xmm6, %xmm8
	vmovss	.LCPI0_8(%rip), %xmm9
	vfmadd213ss	.LCPI0_7(%rip), %xmm8, %xmm9
	vfmadd213ss	.LCPI0_9(%rip), %xmm8, %xmm9
	vfmadd213ss	.LCPI0_10(%rip), %xmm8, %xmm9
	vfmadd213ss	.LCPI0_11(%rip), %xmm8, %xmm9
	vmulss	%xmm9, %xmm8, %xmm10
	vaddss	%xmm7, %xmm7, %xmm9
	vminss	%xmm9, %xmm4, %xmm8
	vmulss	.LCPI0_14(%rip), %xmm8, %xmm11
	vaddss	%xmm2, %xmm11, %xmm11
	vroundss	$9, %xmm11, %xmm11, %xmm11
	vmulss	.LCPI0_16(%rip), %xmm11, %xmm15
	vmovss	.LCPI0_17(%rip), %xmm5
	vmulss	%xmm5, %xmm11, %xmm0
	vsubss	%xmm0, %xmm8, %xmm0
	vaddss	%xmm0, %xmm15, %xmm0
	vmovss	.LCPI0_19(%rip), %xmm8
	vfmadd213ss	.LCPI0_18(%rip), %xmm0, %xmm8
	vfmadd213ss	.LCPI0_20(%rip), %xmm0, %xmm8
	vfmadd213ss	.LCPI0_21(%rip), %xmm0, %xmm8
	vfmadd213ss	.LCPI0_22(%rip), %xmm0, %xmm8
	vfmadd213ss	%xmm2, %xmm0, %xmm8
	vmulss	%xmm0, %xmm0, %xmm15
	vmulss	%xmm8, %xmm15, %xmm8
	vaddss	%xmm0, %xmm8, %xmm0
	vcvttss2si	%xmm11, %edx
	vaddss	%xmm0, %xmm13, %xmm0
	shll	$23, %edx
	addl	$1056964608, %edx
	vmovd	%edx, %xmm8
	vaddss	%xmm0, %xmm0, %xmm0
	vmulss	%xmm0, %xmm8, %xmm0
	vmulss	%xmm6, %xmm10, %xmm8
	vaddss	%xmm6, %xmm8, %xmm8
	vaddss	%xmm0, %xmm13, %xmm0
	vmovss	.LCPI0_12(%rip), %xmm15
	vdivss	%xmm0, %xmm15, %xmm0
	vsubss	%xmm0, %xmm13, %xmm0
	vcmpltss	%xmm9, %xmm4, %xmm9
	vblendvps	%xmm9, %xmm13, %xmm0, %xmm0
	vandps	%xmm0, %xmm12, %xmm0
	vandnps	%xmm6, %xmm12, %xmm9
	vorps	%xmm0, %xmm9, %xmm0
	vcmpunordss	%xmm6, %xmm6, %xmm9
	vblendvps	%xmm9, %xmm6, %xmm0, %xmm0
	vmovss	.LCPI0_24(%rip), %xmm11
	vcmpltss	%xmm11, %xmm7, %xmm6
	vblendvps	%xmm6, %xmm8, %xmm0, %xmm6
	vmulss	192(%rsp), %xmm3, %xmm0
	vaddss	208(%rsp), %xmm0, %xmm0
	vmulss	176(%rsp), %xmm1, %xmm1
	vaddss	%xmm1, %xmm0, %xmm0
	vmulss	160(%rsp), %xmm14, %xmm1
	vaddss	%xmm1, %xmm0, %xmm1
	vandps	%xmm1, %xmm12, %xmm3
	vaddss	%xmm3, %xmm3, %xmm7
	vminss	%xmm7, %xmm4, %xmm0
	vmulss	.LCPI0_14(%rip), %xmm0, %xmm8
	vaddss	%xmm2, %xmm8, %xmm8
	vroundss	$9, %xmm8, %xmm8, %xmm8
	vmulss	.LCPI0_16(%rip), %xmm8, %xmm9
	vmulss	%xmm5, %xmm8, %xmm10
	vsubss	%xmm10, %xmm0, %xmm0
	vaddss	%xmm0, %xmm9, %xmm0
	vmovss	.LCPI0_19(%rip), %xmm9
	vfmadd213ss	.LCPI0_18(%rip), %xmm0, %xmm9
	vfmadd213ss	.LCPI0_20(%rip), %xmm0, %xmm9
	vfmadd213ss	.LCPI0_21(%rip), %xmm0, %xmm9
	vfmadd213ss	.LCPI0_22(%rip), %xmm0, %xmm9
	vfmadd213ss	%xmm2, %xmm0, %xmm9
	vmulss	%xmm0, %xmm0, %xmm10
	vmulss	%xmm9, %xmm10, %xmm9
	vaddss	%xmm0, %xmm9, %xmm0
	vaddss	%xmm0, %xmm13, %xmm0
	vcvttss2si	%xmm8, %edx
	shll	$23, %edx
	addl	$1056964608, %edx
	vmovd	%edx, %xmm8
	vaddss	%xmm0, %xmm0, %xmm0
	vmulss	%xmm0, %xmm8, %xmm0
	vmulss	%xmm1, %xmm1, %xmm8
	vaddss	%xmm0, %xmm13, %xmm0
	vdivss	%xmm0, %xmm15, %xmm0
	vsubss	%xmm0, %xmm13, %xmm0
	vcmpltss	%xmm7, %xmm4, %xmm7
	vblendvps	%xmm7, %xmm13, %xmm0, %xmm0
	vandps	%xmm0, %xmm12, %xmm0
	vandnps	%xmm1, %xmm12, %xmm7
	vorps	%xmm7, %xmm0, %xmm0
	vcmpunordss	%xmm1, %xmm1, %xmm7
	vblendvps	%xmm7, %xmm1, %xmm0, %xmm0
	vmovss	.LCPI0_8(%rip), %xmm7
	vfmadd213ss	.LCPI0_7(%rip), %xmm8, %xmm7
	vfmadd213ss	.LCPI0_9(%rip), %xmm8, %xmm7
	vfmadd213ss	.LCPI0_10(%rip), %xmm8, %xmm7
	vfmadd213ss	.LCPI0_11(%rip), %xmm8, %xmm7
	vmulss	%xmm7, %xmm8, %xmm7
	vmulss	%xmm7, %xmm1, %xmm7
	vaddss	%xmm7, %xmm1, %xmm1
	vmovaps	-128(%rsp), %xmm7
	vcmpltss	%xmm11, %xmm3, %xmm3
	vblendvps	%xmm3, %xmm1, %xmm0, %xmm0
	vmovaps	-96(%rsp), %xmm1
	vmovss	%xmm1, -8(%r8,%rax)
	vmovss	%xmm6, -4(%r8,%rax)
	vmovss	%xmm0, (%r8,%rax)
	vmovaps	-112(%rsp), %xmm0
	incq	%rsi
	addq	$12, %rax
	cmpq	%rcx, %rsi
	jl	.LBB0_11
.LBB0_12:
	addq	$1256, %rsp
	popq	%rbx
	popq	%r14
	vzeroupper
	retq
.Lfunc_end0:
	.size	k0_enc, .Lfunc_end0-k0_enc

	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI1_0:
	.quad	21474836482
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI1_1:
	.long	0
	.long	3
	.long	6
	.long	1
	.long	4
	.long	7
	.zero	4
	.zero	4
.LCPI1_3:
	.long	1
	.long	4
	.long	7
	.long	2
	.long	5
	.zero	4
	.zero	4
	.zero	4
.LCPI1_5:
	.long	2
	.long	5
	.long	0
	.long	3
	.long	6
	.zero	4
	.zero	4
	.zero	4
.LCPI1_7:
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
.LCPI1_2:
	.long	0
	.long	0
	.long	3
	.long	6
.LCPI1_4:
	.long	0
	.long	1
	.long	4
	.long	7
.LCPI1_6:
	.long	1
	.long	0
	.long	2
	.long	2
	.text
	.globl	k1_enc2
	.p2align	4, 0x90
	.type	k1_enc2,@function
k1_enc2:
	pushq	%r14
	pushq	%rbx
	subq	$296, %rsp
	movq	%rdx, %rcx
	movq	48(%rdi), %r8
	movq	24(%rdi), %rax
	movq	40(%rdi), %rdi
	vmovss	(%rax), %xmm0
	vmovss	4(%rax), %xmm1
	vmovss	8(%rax), %xmm2
	vmovss	12(%rax), %xmm3
	vmovss	16(%rax), %xmm4
	vmovss	20(%rax), %xmm5
	vmovss	24(%rax), %xmm6
	vmovss	28(%rax), %xmm7
	vmovss	32(%rax), %xmm8
	leaq	1(%rsi), %rdx
	cmpq	%rdx, %rcx
	movq	%rdx, %r9
	cmovgq	%rcx, %r9
	subq	%rsi, %r9
	cmpq	$16, %r9
	jb	.LBB1_10
	cmpq	%rdx, %rcx
	cmovgq	%rcx, %rdx
	movq	%rsi, %rax
	notq	%rax
	addq	%rdx, %rax
	leaq	(,%rsi,4), %rdx
	leaq	(%rdx,%rdx,2), %r10
	leaq	(%r8,%r10), %rbx
	addq	$4, %rbx
	movl	$12, %edx
	mulq	%rdx
	seto	%dl
	leaq	(%r8,%r10), %r11
	leaq	(%rax,%r11), %r14
	addq	$4, %r14
	cmpq	%rbx, %r14
	jb	.LBB1_10
	testb	%dl, %dl
	jne	.LBB1_10
	leaq	(%r8,%r10), %rbx
	addq	$8, %rbx
	leaq	(%rax,%r11), %r14
	addq	$8, %r14
	cmpq	%rbx, %r14
	jb	.LBB1_10
	testb	%dl, %dl
	jne	.LBB1_10
	addq	%r11, %rax
	cmpq	%r11, %rax
	jb	.LBB1_10
	testb	%dl, %dl
	jne	.LBB1_10
	movq	%r9, %rax
	andq	$-8, %rax
	addq	%rax, %rsi
	vbroadcastss	%xmm0, %ymm9
	vmovups	%ymm9, 256(%rsp)
	vbroadcastss	%xmm1, %ymm9
	vmovups	%ymm9, 224(%rsp)
	vbroadcastss	%xmm2, %ymm9
	vmovups	%ymm9, 192(%rsp)
	vbroadcastss	%xmm3, %ymm9
	vmovups	%ymm9, 160(%rsp)
	vbroadcastss	%xmm4, %ymm9
	vmovups	%ymm9, 128(%rsp)
	vbroadcastss	%xmm5, %ymm9
	vmovups	%ymm9, 96(%rsp)
	vbroadcastss	%xmm6, %ymm9
	vmovups	%ymm9, 64(%rsp)
	vbroadcastss	%xmm7, %ymm9
	vmovups	%ymm9, 32(%rsp)
	vbroadcastss	%xmm8, %ymm9
	vmovups	%ymm9, (%rsp)
	vbroadcastsd	.LCPI1_0(%rip), %ymm9
	vmovups	%ymm9, -32(%rsp)
	vbroadcastf128	.LCPI1_2(%rip), %ymm9
	vmovups	%ymm9, -64(%rsp)
	vbroadcastf128	.LCPI1_4(%rip), %ymm9
	vmovups	%ymm9, -96(%rsp)
	vbroadcastf128	.LCPI1_6(%rip), %ymm9
	vmovups	%ymm9, -128(%rsp)
	movq	%rax, %rdx
	.p2align	4, 0x90
.LBB1_8:
	vmovups	(%rdi,%r10), %ymm15
	vmovups	32(%rdi,%r10), %ymm9
	vmovups	64(%rdi,%r10), %ymm10
	vmovups	-32(%rsp), %ymm11
	vpermps	%ymm10, %ymm11, %ymm11
	vblendps	$146, %ymm9, %ymm15, %ymm12
	vmovaps	.LCPI1_1(%rip), %ymm13
	vpermps	%ymm12, %ymm13, %ymm12
	vblendps	$192, %ymm11, %ymm12, %ymm11
	vmovups	-64(%rsp), %ymm12
	vpermps	%ymm10, %ymm12, %ymm12
	vblendps	$36, %ymm9, %ymm15, %ymm13
	vmovaps	.LCPI1_3(%rip), %ymm14
	vpermps	%ymm13, %ymm14, %ymm13
	vblendps	$224, %ymm12, %ymm13, %ymm12
	vmovups	-96(%rsp), %ymm13
	vpermps	%ymm10, %ymm13, %ymm10
	vblendps	$36, %ymm15, %ymm9, %ymm9
	vmovaps	.LCPI1_5(%rip), %ymm13
	vpermps	%ymm9, %ymm13, %ymm9
	vblendps	$224, %ymm10, %ymm9, %ymm9
	vmulps	256(%rsp), %ymm11, %ymm10
	vmulps	224(%rsp), %ymm12, %ymm13
	vaddps	%ymm13, %ymm10, %ymm10
	vmulps	192(%rsp), %ymm9, %ymm13
	vaddps	%ymm13, %ymm10, %ymm10
	vmulps	160(%rsp), %ymm11, %ymm13
	vmulps	128(%rsp), %ymm12, %ymm15
	vaddps	%ymm15, %ymm13, %ymm13
	vmulps	96(%rsp), %ymm9, %ymm15
	vaddps	%ymm15, %ymm13, %ymm13
	vmulps	64(%rsp), %ymm11, %ymm11
	vmulps	32(%rsp), %ymm12, %ymm12
	vaddps	%ymm12, %ymm11, %ymm11
	vmulps	(%rsp), %ymm9, %ymm9
	vaddps	%ymm9, %ymm11, %ymm9
	vmovups	-128(%rsp), %ymm11
	vpermps	%ymm13, %ymm11, %ymm11
	vpermpd	$96, %ymm10, %ymm12
	vblendps	$146, %ymm11, %ymm12, %ymm11
	vbroadcastsd	%xmm9, %ymm12
	vblendps	$36, %ymm12, %ymm11, %ymm11
	vpermilps	$240, %ymm13, %ymm12
	vpermilpd	$1, %ymm10, %ymm15
	vblendps	$36, %ymm12, %ymm15, %ymm12
	vpermilpd	$3, %ymm9, %ymm15
	vblendps	$73, %ymm15, %ymm12, %ymm12
	vmovaps	.LCPI1_7(%rip), %ymm14
	vpermps	%ymm13, %ymm14, %ymm13
	vpermpd	$255, %ymm10, %ymm10
	vblendps	$36, %ymm10, %ymm13, %ymm10
	vpermpd	$246, %ymm9, %ymm9
	vblendps	$146, %ymm9, %ymm10, %ymm9
	vmovups	%ymm9, 64(%r8,%r10)
	vmovups	%ymm12, 32(%r8,%r10)
	vmovups	%ymm11, (%r8,%r10)
	addq	$96, %r10
	addq	$-8, %rdx
	jne	.LBB1_8
	cmpq	%rax, %r9
	je	.LBB1_12
.LBB1_10:
	leaq	(%rsi,%rsi,2), %rax
	leaq	8(,%rax,4), %rax
	.p2align	4, 0x90
.LBB1_11:
	vmovss	-8(%rdi,%rax), %xmm9
	vmovss	-4(%rdi,%rax), %xmm10
	vmovss	(%rdi,%rax), %xmm11
	vmulss	%xmm0, %xmm9, %xmm12
	vmulss	%xmm1, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm2, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, -8(%r8,%rax)
	vmulss	%xmm3, %xmm9, %xmm12
	vmulss	%xmm4, %xmm10, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmulss	%xmm5, %xmm11, %xmm13
	vaddss	%xmm13, %xmm12, %xmm12
	vmovss	%xmm12, -4(%r8,%rax)
	vmulss	%xmm6, %xmm9, %xmm9
	vmulss	%xmm7, %xmm10, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmulss	%xmm8, %xmm11, %xmm10
	vaddss	%xmm10, %xmm9, %xmm9
	vmovss	%xmm9, (%r8,%rax)
	incq	%rsi
	addq	$12, %rax
	cmpq	%rcx, %rsi
	jl	.LBB1_11
.LBB1_12:
	addq	$296, %rsp
	popq	%rbx
	popq	%r14
	vzeroupper
	retq
.Lfunc_end1:
	.size	k1_enc2, .Lfunc_end1-k1_enc2

	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI2_0:
	.quad	21474836482
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI2_1:
	.long	0
	.long	3
	.long	6
	.long	1
	.long	4
	.long	7
	.zero	4
	.zero	4
.LCPI2_3:
	.long	1
	.long	4
	.long	7
	.long	2
	.long	5
	.zero	4
	.zero	4
	.zero	4
.LCPI2_4:
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.zero	4
	.long	1
	.long	4
	.long	7
.LCPI2_5:
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
.LCPI2_2:
	.long	0
	.long	0
	.long	3
	.long	6
	.text
	.globl	k2_head
	.p2align	4, 0x90
	.type	k2_head,@function
k2_head:
	movq	96(%rdi), %rax
	movq	56(%rdi), %r8
	movq	80(%rdi), %rcx
	movq	88(%rdi), %rdi
	vmovss	(%rdi), %xmm0
	vmovss	(%rcx), %xmm1
	vmovss	4(%rcx), %xmm2
	vmovss	8(%rcx), %xmm3
	leaq	1(%rsi), %rdi
	cmpq	%rdi, %rdx
	cmovgq	%rdx, %rdi
	subq	%rsi, %rdi
	cmpq	$8, %rdi
	jae	.LBB2_2
	movq	%rsi, %rcx
	jmp	.LBB2_5
.LBB2_2:
	movq	%rdi, %r9
	andq	$-8, %r9
	leaq	(%r9,%rsi), %rcx
	vbroadcastss	%xmm1, %ymm4
	vmovaps	%xmm0, -24(%rsp)
	vbroadcastss	%xmm0, %ymm5
	vbroadcastss	%xmm2, %ymm6
	vbroadcastss	%xmm3, %ymm7
	leaq	(%rsi,%rsi,2), %r10
	leaq	(%r8,%r10,4), %r10
	leaq	(%rax,%rsi,4), %rsi
	xorl	%r11d, %r11d
	vbroadcastsd	.LCPI2_0(%rip), %ymm8
	vbroadcastf128	.LCPI2_2(%rip), %ymm10
	.p2align	4, 0x90
.LBB2_3:
	vmovups	(%r10), %ymm14
	vmovups	32(%r10), %ymm15
	vmovups	64(%r10), %ymm9
	vpermps	%ymm9, %ymm8, %ymm11
	vblendps	$146, %ymm15, %ymm14, %ymm12
	vmovaps	.LCPI2_1(%rip), %ymm13
	vpermps	%ymm12, %ymm13, %ymm12
	vblendps	$192, %ymm11, %ymm12, %ymm11
	vmulps	%ymm4, %ymm11, %ymm11
	vaddps	%ymm5, %ymm11, %ymm11
	vpermps	%ymm9, %ymm10, %ymm12
	vblendps	$36, %ymm15, %ymm14, %ymm13
	vmovaps	.LCPI2_3(%rip), %ymm0
	vpermps	%ymm13, %ymm0, %ymm13
	vblendps	$224, %ymm12, %ymm13, %ymm12
	vmulps	%ymm6, %ymm12, %ymm12
	vaddps	%ymm12, %ymm11, %ymm11
	vmovaps	.LCPI2_4(%rip), %ymm0
	vpermps	%ymm9, %ymm0, %ymm9
	vblendps	$36, %ymm14, %ymm15, %ymm12
	vmovaps	.LCPI2_5(%rip), %ymm0
	vpermps	%ymm12, %ymm0, %ymm12
	vblendps	$224, %ymm9, %ymm12, %ymm9
	vmulps	%ymm7, %ymm9, %ymm9
	vaddps	%ymm9, %ymm11, %ymm9
	vmovups	%ymm9, (%rsi,%r11,4)
	addq	$8, %r11
	addq	$96, %r10
	cmpq	%r11, %r9
	jne	.LBB2_3
	cmpq	%r9, %rdi
	vmovaps	-24(%rsp), %xmm0
	je	.LBB2_7
.LBB2_5:
	leaq	(%rcx,%rcx,2), %rsi
	leaq	(%r8,%rsi,4), %rsi
	addq	$8, %rsi
	.p2align	4, 0x90
.LBB2_6:
	vmulss	-8(%rsi), %xmm1, %xmm4
	vaddss	%xmm4, %xmm0, %xmm4
	vmulss	-4(%rsi), %xmm2, %xmm5
	vmulss	(%rsi), %xmm3, %xmm6
	vaddss	%xmm5, %xmm4, %xmm4
	vaddss	%xmm6, %xmm4, %xmm4
	vmovss	%xmm4, (%rax,%rcx,4)
	incq	%rcx
	addq	$12, %rsi
	cmpq	%rdx, %rcx
	jl	.LBB2_6
.LBB2_7:
	vzeroupper
	retq
.Lfunc_end2:
	.size	k2_head, .Lfunc_end2-k2_head

	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI3_0:
	.long	0x80000000
.LCPI3_1:
	.long	0x42ae999a
.LCPI3_2:
	.long	0xc2b170a4
.LCPI3_3:
	.long	0x42b170a4
.LCPI3_4:
	.long	0xc2ae999a
.LCPI3_5:
	.long	0x3fb8aa3b
.LCPI3_6:
	.long	0x3f000000
.LCPI3_7:
	.long	0x395e8083
.LCPI3_8:
	.long	0xbf318000
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
	subq	$72, %rsp
	movq	96(%rdi), %rax
	leaq	1(%rsi), %rdi
	cmpq	%rdi, %rdx
	cmovgq	%rdx, %rdi
	subq	%rsi, %rdi
	cmpq	$8, %rdi
	jae	.LBB3_2
	movq	%rsi, %rcx
	jmp	.LBB3_5
.LBB3_2:
	movq	%rdi, %r8
	andq	$-8, %r8
	leaq	(%r8,%rsi), %rcx
	leaq	(%rax,%rsi,4), %rsi
	xorl	%r9d, %r9d
	vbroadcastss	.LCPI3_0(%rip), %ymm0
	vmovups	%ymm0, 32(%rsp)
	vbroadcastss	.LCPI3_1(%rip), %ymm0
	vmovups	%ymm0, (%rsp)
	vbroadcastss	.LCPI3_2(%rip), %ymm0
	vmovups	%ymm0, -32(%rsp)
	vbroadcastss	.LCPI3_3(%rip), %ymm0
	vmovups	%ymm0, -64(%rsp)
	vbroadcastss	.LCPI3_4(%rip), %ymm0
	vmovups	%ymm0, -96(%rsp)
	vbroadcastss	.LCPI3_5(%rip), %ymm0
	vmovups	%ymm0, -128(%rsp)
	vbroadcastss	.LCPI3_6(%rip), %ymm6
	vbroadcastss	.LCPI3_7(%rip), %ymm7
	vbroadcastss	.LCPI3_8(%rip), %ymm8
	vbroadcastss	.LCPI3_9(%rip), %ymm9
	vbroadcastss	.LCPI3_10(%rip), %ymm10
	vbroadcastss	.LCPI3_11(%rip), %ymm11
	vbroadcastss	.LCPI3_12(%rip), %ymm12
	vbroadcastss	.LCPI3_13(%rip), %ymm13
	vbroadcastss	.LCPI3_14(%rip), %ymm14
	vpbroadcastd	.LCPI3_6(%rip), %ymm15
	.p2align	4, 0x90
.LBB3_3:
	vmovups	(%rsi,%r9,4), %ymm0
	vxorps	32(%rsp), %ymm0, %ymm1
	vcmpltps	-32(%rsp), %ymm0, %ymm2
	vblendvps	%ymm2, -64(%rsp), %ymm1, %ymm1
	vmovups	(%rsp), %ymm3
	vcmpltps	%ymm0, %ymm3, %ymm0
	vblendvps	%ymm0, -96(%rsp), %ymm1, %ymm1
	vmulps	-128(%rsp), %ymm1, %ymm3
	vaddps	%ymm6, %ymm3, %ymm3
	vroundps	$9, %ymm3, %ymm3
	vmulps	%ymm7, %ymm3, %ymm4
	vmulps	%ymm3, %ymm8, %ymm5
	vaddps	%ymm5, %ymm1, %ymm1
	vaddps	%ymm1, %ymm4, %ymm1
	vmovaps	%ymm10, %ymm4
	vfmadd213ps	%ymm9, %ymm1, %ymm4
	vfmadd213ps	%ymm11, %ymm1, %ymm4
	vfmadd213ps	%ymm12, %ymm1, %ymm4
	vfmadd213ps	%ymm13, %ymm1, %ymm4
	vfmadd213ps	%ymm6, %ymm1, %ymm4
	vmulps	%ymm1, %ymm1, %ymm5
	vmulps	%ymm4, %ymm5, %ymm4
	vaddps	%ymm4, %ymm1, %ymm1
	vaddps	%ymm1, %ymm14, %ymm1
	vcvttps2dq	%ymm3, %ymm3
	vpslld	$23, %ymm3, %ymm3
	vpaddd	%ymm3, %ymm15, %ymm3
	vaddps	%ymm1, %ymm1, %ymm1
	vmulps	%ymm3, %ymm1, %ymm1
	vaddps	%ymm1, %ymm14, %ymm1
	vdivps	%ymm1, %ymm14, %ymm1
	vandnps	%ymm1, %ymm2, %ymm1
	vblendvps	%ymm0, %ymm14, %ymm1, %ymm0
	vmovups	%ymm0, (%rsi,%r9,4)
	addq	$8, %r9
	cmpq	%r9, %r8
	jne	.LBB3_3
	cmpq	%r8, %rdi
	jne	.LBB3_5
.LBB3_11:
	addq	$72, %rsp
	vzeroupper
	retq
.LBB3_5:
	vbroadcastss	.LCPI3_0(%rip), %xmm0
	vmovss	.LCPI3_2(%rip), %xmm1
	vbroadcastss	.LCPI3_3(%rip), %xmm2
	vmovss	.LCPI3_1(%rip), %xmm3
	vbroadcastss	.LCPI3_4(%rip), %xmm4
	vmovss	.LCPI3_6(%rip), %xmm6
	vmovss	.LCPI3_9(%rip), %xmm10
	vmovss	.LCPI3_11(%rip), %xmm11
	vmovss	.LCPI3_12(%rip), %xmm12
	vmovss	.LCPI3_13(%rip), %xmm13
	vmovss	.LCPI3_14(%rip), %xmm14
	jmp	.LBB3_6
	.p2align	4, 0x90
.LBB3_10:
	vmovss	%xmm5, (%rax,%rcx,4)
	incq	%rcx
	cmpq	%rdx, %rcx
	jge	.LBB3_11
.LBB3_6:
	vmovss	(%rax,%rcx,4), %xmm15
	vxorps	%xmm0, %xmm15, %xmm5
	vcmpltss	%xmm1, %xmm15, %xmm7
	vblendvps	%xmm7, %xmm2, %xmm5, %xmm5
	vcmpltss	%xmm15, %xmm3, %xmm7
	vblendvps	%xmm7, %xmm4, %xmm5, %xmm5
	vmulss	.LCPI3_5(%rip), %xmm5, %xmm7
	vaddss	%xmm6, %xmm7, %xmm7
	vroundss	$9, %xmm7, %xmm7, %xmm8
	vucomiss	%xmm15, %xmm1
	vmulss	.LCPI3_7(%rip), %xmm8, %xmm7
	vmulss	.LCPI3_8(%rip), %xmm8, %xmm9
	vaddss	%xmm5, %xmm9, %xmm5
	vaddss	%xmm5, %xmm7, %xmm5
	vmovss	.LCPI3_10(%rip), %xmm9
	vfmadd213ss	%xmm10, %xmm5, %xmm9
	vfmadd213ss	%xmm11, %xmm5, %xmm9
	vfmadd213ss	%xmm12, %xmm5, %xmm9
	vfmadd213ss	%xmm13, %xmm5, %xmm9
	vxorps	%xmm7, %xmm7, %xmm7
	jbe	.LBB3_7
	vucomiss	%xmm3, %xmm15
	vmovaps	%xmm14, %xmm5
	ja	.LBB3_10
	jmp	.LBB3_9
	.p2align	4, 0x90
.LBB3_7:
	vcvttss2si	%xmm8, %esi
	shll	$23, %esi
	addl	$1056964608, %esi
	vfmadd213ss	%xmm6, %xmm5, %xmm9
	vmulss	%xmm5, %xmm5, %xmm7
	vmulss	%xmm7, %xmm9, %xmm7
	vaddss	%xmm7, %xmm5, %xmm5
	vaddss	%xmm5, %xmm14, %xmm5
	vmovd	%esi, %xmm7
	vaddss	%xmm5, %xmm5, %xmm5
	vmulss	%xmm7, %xmm5, %xmm5
	vaddss	%xmm5, %xmm14, %xmm5
	vdivss	%xmm5, %xmm14, %xmm7
	vucomiss	%xmm3, %xmm15
	vmovaps	%xmm14, %xmm5
	ja	.LBB3_10
.LBB3_9:
	vmovaps	%xmm7, %xmm5
	jmp	.LBB3_10
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

	.section	.rodata.cst16,"aM",@progbits,16
	.p2align	4, 0x0
.LCPI5_0:
	.long	1
	.long	0
	.long	2
	.long	2
	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI5_1:
	.long	5
	.zero	4
	.zero	4
	.long	6
	.zero	4
	.zero	4
	.long	7
	.zero	4
	.text
	.globl	k5_d_head
	.p2align	4, 0x90
	.type	k5_d_head,@function
k5_d_head:
	pushq	%r14
	pushq	%rbx
	movq	%rdx, %rcx
	movq	152(%rdi), %r8
	movq	80(%rdi), %rax
	movq	144(%rdi), %rdi
	vmovss	(%rax), %xmm0
	vmovss	4(%rax), %xmm1
	vmovss	8(%rax), %xmm2
	leaq	1(%rsi), %rdx
	cmpq	%rdx, %rcx
	movq	%rdx, %r9
	cmovgq	%rcx, %r9
	subq	%rsi, %r9
	cmpq	$24, %r9
	jae	.LBB5_2
.LBB5_16:
	movq	%rsi, %rax
.LBB5_17:
	leaq	(%rax,%rax,2), %rdx
	leaq	(%r8,%rdx,4), %rdx
	addq	$8, %rdx
	.p2align	4, 0x90
.LBB5_18:
	vmovss	(%rdi,%rax,4), %xmm3
	vmulss	%xmm0, %xmm3, %xmm4
	vmovss	%xmm4, -8(%rdx)
	vmulss	%xmm1, %xmm3, %xmm4
	vmovss	%xmm4, -4(%rdx)
	vmulss	%xmm2, %xmm3, %xmm3
	vmovss	%xmm3, (%rdx)
	incq	%rax
	addq	$12, %rdx
	cmpq	%rcx, %rax
	jl	.LBB5_18
.LBB5_19:
	popq	%rbx
	popq	%r14
	vzeroupper
	retq
.LBB5_2:
	cmpq	%rdx, %rcx
	cmovgq	%rcx, %rdx
	movq	%rsi, %rax
	notq	%rax
	addq	%rdx, %rax
	leaq	(%rsi,%rsi,2), %r11
	leaq	(%r8,%r11,4), %rbx
	addq	$4, %rbx
	movl	$12, %edx
	mulq	%rdx
	seto	%r10b
	leaq	(%r8,%r11,4), %rdx
	leaq	(%rax,%rdx), %r14
	addq	$4, %r14
	cmpq	%rbx, %r14
	jb	.LBB5_16
	testb	%r10b, %r10b
	jne	.LBB5_16
	leaq	(%r8,%r11,4), %r11
	addq	$8, %r11
	leaq	(%rax,%rdx), %rbx
	addq	$8, %rbx
	cmpq	%r11, %rbx
	jb	.LBB5_16
	testb	%r10b, %r10b
	jne	.LBB5_16
	addq	%rdx, %rax
	cmpq	%rdx, %rax
	jb	.LBB5_16
	testb	%r10b, %r10b
	jne	.LBB5_16
	movq	%r9, %r10
	andq	$-8, %r10
	leaq	(%r10,%rsi), %rax
	vbroadcastss	%xmm0, %ymm3
	vbroadcastss	%xmm1, %ymm4
	vbroadcastss	%xmm2, %ymm5
	leaq	(%rdi,%rsi,4), %rsi
	xorl	%r11d, %r11d
	vbroadcastf128	.LCPI5_0(%rip), %ymm6
	vmovaps	.LCPI5_1(%rip), %ymm7
	.p2align	4, 0x90
.LBB5_9:
	vmovups	(%rsi,%r11,4), %ymm8
	vmulps	%ymm3, %ymm8, %ymm9
	vmulps	%ymm4, %ymm8, %ymm10
	vmulps	%ymm5, %ymm8, %ymm8
	vpermps	%ymm10, %ymm6, %ymm11
	vpermpd	$96, %ymm9, %ymm12
	vblendps	$146, %ymm11, %ymm12, %ymm11
	vbroadcastsd	%xmm8, %ymm12
	vblendps	$36, %ymm12, %ymm11, %ymm11
	vpermilps	$240, %ymm10, %ymm12
	vpermilpd	$1, %ymm9, %ymm13
	vblendps	$36, %ymm12, %ymm13, %ymm12
	vpermilpd	$3, %ymm8, %ymm13
	vblendps	$73, %ymm13, %ymm12, %ymm12
	vpermps	%ymm10, %ymm7, %ymm10
	vpermpd	$255, %ymm9, %ymm9
	vblendps	$36, %ymm9, %ymm10, %ymm9
	vpermpd	$246, %ymm8, %ymm8
	vblendps	$146, %ymm8, %ymm9, %ymm8
	vmovups	%ymm8, 64(%rdx)
	vmovups	%ymm12, 32(%rdx)
	vmovups	%ymm11, (%rdx)
	addq	$8, %r11
	addq	$96, %rdx
	cmpq	%r11, %r10
	jne	.LBB5_9
	cmpq	%r10, %r9
	jne	.LBB5_17
	jmp	.LBB5_19
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

	.section	.rodata.cst32,"aM",@progbits,32
	.p2align	5, 0x0
.LCPI10_0:
	.quad	0
	.quad	1
	.quad	2
	.quad	3
.LCPI10_1:
	.quad	4
	.quad	5
	.quad	6
	.quad	7
	.section	.rodata.cst8,"aM",@progbits,8
	.p2align	3, 0x0
.LCPI10_2:
	.quad	-9223372036854775808
	.section	.rodata.cst4,"aM",@progbits,4
	.p2align	2, 0x0
.LCPI10_3:
	.long	0x3f800000
	.text
	.globl	k10_d_enc
	.p2align	4, 0x90
	.type	k10_d_enc,@function
k10_d_enc:
	leaq	1(%rsi), %rcx
	cmpq	%rcx, %rdx
	cmovgq	%rdx, %rcx
	subq	%rsi, %rcx
	leaq	7(%rcx), %rax
	andq	$-8, %rax
	decq	%rcx
	vmovq	%rcx, %xmm0
	shlq	$2, %rsi
	movq	200(%rdi), %rcx
	addq	%rsi, %rcx
	movq	216(%rdi), %rdx
	addq	%rsi, %rdx
	addq	40(%rdi), %rsi
	vpbroadcastq	%xmm0, %ymm3
	xorl	%edi, %edi
	vmovdqa	.LCPI10_0(%rip), %ymm0
	vmovdqa	.LCPI10_1(%rip), %ymm1
	vpbroadcastq	.LCPI10_2(%rip), %ymm2
	vpxor	%ymm2, %ymm3, %ymm3
	vpcmpeqd	%ymm4, %ymm4, %ymm4
	vbroadcastss	.LCPI10_3(%rip), %ymm5
	.p2align	4, 0x90
.LBB10_1:
	vmovq	%rdi, %xmm6
	vpbroadcastq	%xmm6, %ymm6
	vpor	%ymm0, %ymm6, %ymm7
	vpor	%ymm1, %ymm6, %ymm6
	vpxor	%ymm2, %ymm6, %ymm6
	vpcmpgtq	%ymm3, %ymm6, %ymm6
	vpxor	%ymm4, %ymm6, %ymm6
	vpxor	%ymm2, %ymm7, %ymm7
	vpcmpgtq	%ymm3, %ymm7, %ymm7
	vpxor	%ymm4, %ymm7, %ymm7
	vpackssdw	%ymm6, %ymm7, %ymm6
	vpermq	$216, %ymm6, %ymm6
	vmaskmovps	(%rcx,%rdi,4), %ymm6, %ymm7
	vmaskmovps	(%rdx,%rdi,4), %ymm6, %ymm8
	vmaskmovps	(%rsi,%rdi,4), %ymm6, %ymm9
	vaddps	%ymm7, %ymm8, %ymm7
	vmulps	%ymm9, %ymm9, %ymm8
	vsubps	%ymm8, %ymm5, %ymm8
	vmulps	%ymm7, %ymm8, %ymm7
	vmaskmovps	%ymm7, %ymm6, (%rcx,%rdi,4)
	addq	$8, %rdi
	cmpq	%rdi, %rax
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
	.text
	.globl	k13_d_enc_5
	.p2align	4, 0x90
	.type	k13_d_enc_5,@function
k13_d_enc_5:
	leaq	1(%rsi), %rcx
	cmpq	%rcx, %rdx
	cmovgq	%rdx, %rcx
	subq	%rsi, %rcx
	leaq	7(%rcx), %rax
	andq	$-8, %rax
	decq	%rcx
	vmovq	%rcx, %xmm0
	vpbroadcastq	%xmm0, %ymm3
	shlq	$2, %rsi
	movq	240(%rdi), %rcx
	addq	%rsi, %rcx
	addq	280(%rdi), %rsi
	xorl	%edx, %edx
	vmovdqa	.LCPI13_0(%rip), %ymm0
	vmovdqa	.LCPI13_1(%rip), %ymm1
	vpbroadcastq	.LCPI13_2(%rip), %ymm2
	vpxor	%ymm2, %ymm3, %ymm3
	vpcmpeqd	%ymm4, %ymm4, %ymm4
	.p2align	4, 0x90
.LBB13_1:
	vmovq	%rdx, %xmm5
	vpbroadcastq	%xmm5, %ymm5
	vpor	%ymm0, %ymm5, %ymm6
	vpor	%ymm1, %ymm5, %ymm5
	vpxor	%ymm2, %ymm5, %ymm5
	vpcmpgtq	%ymm3, %ymm5, %ymm5
	vpxor	%ymm4, %ymm5, %ymm5
	vpxor	%ymm2, %ymm6, %ymm6
	vpcmpgtq	%ymm3, %ymm6, %ymm6
	vpxor	%ymm4, %ymm6, %ymm6
	vpackssdw	%ymm5, %ymm6, %ymm5
	vpermq	$216, %ymm5, %ymm5
	vmaskmovps	(%rcx,%rdx,4), %ymm5, %ymm6
	vmaskmovps	(%rsi,%rdx,4), %ymm5, %ymm7
	vaddps	%ymm7, %ymm6, %ymm6
	vmaskmovps	%ymm6, %ymm5, (%rcx,%rdx,4)
	addq	$8, %rdx
	cmpq	%rdx, %rax
	jne	.LBB13_1
	vzeroupper
	retq
.Lfunc_end13:
	.size	k13_d_enc_5, .Lfunc_end13-k13_d_enc_5

	.section	".note.GNU-stack","",@progbits
